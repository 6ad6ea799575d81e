# budgets — pressupostos participatius (pàgines de participants; l'administració cau a l'anglès)
component-budgets = Pressupostos
budgets-status-upcoming = Votació encara no oberta
budgets-status-voting = Votació oberta
budgets-status-closed = Votació tancada
budgets-rule-approval = Tria els projectes que vulguis, mentre càpiguen en { $total }.
budgets-rule-approval-minimum = Tria els projectes que vulguis, mentre càpiguen en { $total }; la teva papereta n'ha d'usar almenys el { $percent } %.
budgets-rule-choose = Tria entre { $min } i { $max } projectes, sigui quin sigui el seu cost.
budgets-rule-choose-min = Tria almenys { $min } projectes, sigui quin sigui el seu cost.
budgets-rule-points = Reparteix { $points } punts entre els projectes, diversos en un si vols.
budgets-rule-ranking = Ordena fins a { $max } projectes, el teu preferit primer.
budgets-none = Encara no hi ha pressupostos.
budgets-total = Pressupost: { $total }
budgets-voted = Has votat
budgets-workflow-one-note = Només pots votar en un d'aquests pressupostos: el primer on afegeixis un projecte.
budgets-basket = La meva papereta
budgets-remaining = Queda: { $amount }
budgets-spent = Gastat: { $amount }
budgets-progress-projects = { $count ->
    [one] { $count } projecte triat
   *[other] { $count } projectes triats
}
budgets-progress-points = { $used } de { $max } punts donats
budgets-progress-ranked = { $count } de { $max } projectes ordenats
budgets-basket-empty = La teva papereta és buida: afegeix projectes de la llista.
budgets-sign-in = Inicia la sessió per votar
budgets-not-eligible = No pots votar en aquest espai (només els seus membres poden).
budgets-other-budget = Ja estàs votant en un altre pressupost d'aquesta pàgina; només es pot votar en un.
budgets-cast = El teu vot està registrat. Gràcies!
budgets-receipt = El teu comprovant:
budgets-receipt-hint = Guarda'l: prova que la teva papereta s'ha comptat. No diu què has votat.
budgets-checkout = Votar
budgets-checkout-hint = Un cop emesa, la papereta no es pot canviar.
budgets-add = Afegir a la meva papereta
budgets-add-label = Afegir a la meva papereta: { $title }
budgets-remove = Treure
budgets-remove-label = Treure: { $title }
budgets-up = Pujar
budgets-up-label = Pujar: { $title }
budgets-down = Baixar
budgets-down-label = Baixar: { $title }
budgets-points-field = Punts
budgets-points-save = Donar
budgets-points-count = { $count } punts
budgets-on-ballot = A la meva papereta
budgets-too-expensive = Costa més del que queda.
budgets-projects-count = { $count ->
    [one] { $count } projecte
   *[other] { $count } projectes
}
budgets-projects-none = Encara no hi ha projectes.
budgets-cost = Cost: { $cost }
budgets-category = Categoria: { $category }
budgets-district = Districte: { $district }
budgets-from-proposals = Ve de les propostes
budgets-refusal-not-in-budget = El projecte { $project } no és d'aquest pressupost.
budgets-refusal-duplicate = El projecte { $project } ja és a la teva papereta.
budgets-refusal-over-budget = Aquests projectes costen { $cost }: més que el pressupost de { $total }. Treu abans un projecte.
budgets-refusal-too-many = Pots triar com a màxim { $max } projectes.
budgets-refusal-too-few = Tria almenys { $min } projectes abans de votar.
budgets-refusal-minimum-spend = La teva papereta ha d'usar almenys { $min } del pressupost abans de votar.
budgets-refusal-not-positive = Els punts són nombres enters des d'1 (0 treu el projecte), no { $value }.
budgets-refusal-too-many-points = Tens { $max } punts en total.
budgets-refusal-too-many-ranked = Pots ordenar com a màxim { $max } projectes.
budgets-refusal-bad-ranking = Els llocs van 1, 2, 3 … sense forats ni repeticions.
budgets-refusal-empty = La teva papereta és buida.
budgets-refusal-checked-out = Ja has votat en aquest pressupost: la papereta no pot canviar.
budgets-refusal-other-budget = Només es pot votar en un pressupost, i ja has començat en un altre.
budgets-refusal-wrong-shape = Aquesta papereta no correspon a la regla del pressupost ({ $rule }).
budgets-refusal-closed = La votació no és oberta ara.

budgets-results = Resultats
budgets-results-of = Resultats: { $title }
budgets-result-rule = Els projectes guanyadors es van triar per { $rule }.
budgets-result-rule-greedy = ordre de vots
budgets-result-rule-mes-add1 = el mètode de parts iguals
budgets-result-rule-phragmen = el mètode de Phragmén
budgets-result-rule-max-supporters = el màxim de suports dins del pressupost
budgets-result-rule-greedy-threshold = ordre de vots amb un llindar
budgets-result-used = { $used } usats de { $total }.
budgets-result-represented = { $represented } de { $voters } votants veuen finançat almenys un projecte que van triar.
budgets-winners = { $count } projectes finançats
budgets-supporters = { $count } vots
budgets-how = Com es van triar els projectes guanyadors
budgets-explain-greedy = Els projectes es van ordenar per nombre de vots, del més votat al menys. Baixant per la llista, cada projecte es va finançar si encara cabia en el que quedava del pressupost.
budgets-explain-greedy-skipped = { $count } projectes es van saltar perquè costaven més del que quedava al seu torn.
budgets-explain-mes = El pressupost es va repartir a parts iguals entre els { $voters } votants: uns { $share } cadascun. Un projecte es va finançar quan els seus suports podien pagar-lo junts amb les seves parts, tan igualment com fos possible; cada vegada, passava primer el projecte que menys costava per persona als seus suports.
budgets-explain-mes-completion = Quan ja no es podia pagar cap projecte, la part de cadascú es va augmentar pas a pas, mentre el resultat cabés en el pressupost.
budgets-explain-phragmen = Cada votant guanyava diners al mateix ritme. Tan bon punt els suports d'un projecte en reunien el cost, es finançava i gastaven tot el que tenien. Així fins que el projecte següent superés el pressupost.
budgets-explain-max-supporters = Entre tots els conjunts de projectes que caben en el pressupost, es va triar el que suma més vots: { $supports } vots, davant de { $greedy } per ordre de vots.
budgets-explain-threshold = Un projecte necessitava almenys { $threshold } { $kind ->
    [points] punts
   *[votes] vots
} per ser tingut en compte: el mínim fixat pels organitzadors abans de publicar.
budgets-explain-threshold-dropped = { $count ->
    [0] Tots els projectes hi van arribar.
    [one] Un projecte en tenia menys i va quedar fora, costés el que costés.
   *[other] { $count } projectes en tenien menys i van quedar fora, costessin el que costessin.
}
budgets-result-not-published = Els resultats encara no s'han publicat.

budgets-ballots-counted = Paperetes comptades: { $online } en línia, { $paper } en paper.
budgets-col-project = Projecte
budgets-col-cost = Cost
budgets-col-online = En línia
budgets-col-paper = Paper
budgets-col-total = Total
budgets-refusal-not-verified = Només les persones verificades al padró poden votar aquí: verifica primer la teva identitat.
budgets-refusal-too-young = Has de tenir almenys { $min } anys per votar aquí.
budgets-refusal-not-assigned = Aquest no és el pressupost que et correspon: votes en el del teu districte (o el sortejat per a tu).
budgets-refusal-unfeasible = El projecte { $project } s’ha avaluat com a no viable: no s’hi pot votar.
budgets-verify-link = Verifica la teva identitat
budgets-assigned = Votes a: { $title }.
budgets-feasible = Viable
budgets-unfeasible = No viable:

# Secret ballots and the ballot list
budgets-field-secret = Vot secret
budgets-field-secret-hint = Qui ha votat es desa a part del que ha votat: ningú, ni tan sols l’administració, pot saber què ha triat una persona. No es pot canviar un cop emesa una papereta.
budgets-receipt-secret-hint = Anota’l ara: només es mostra aquesta vegada, agora no el desa amb el teu nom. Quan es publiquin els resultats, troba la teva papereta amb aquest codi a la llista de paperetes.
budgets-secret-cast = La teva papereta és secreta: agora ja no sap què has triat. El teu codi de rebut es va mostrar una vegada, en votar.
budgets-secret-note = Vot secret: un cop emesa la papereta, el que has triat ja no està vinculat a tu.
budgets-ballot-list = Llista de paperetes
budgets-ballot-list-count = { $count ->
    [one] Una papereta emesa.
   *[other] { $count } paperetes emeses.
}
budgets-ballot-list-hint = Cada papereta emesa amb el hash SHA-256 del seu codi de rebut, sense votants, en l’ordre dels hashes. Troba la teva amb el teu codi; qualsevol pot tornar a comptar amb aquesta llista o amb les dades obertes.
budgets-ballot-list-check = El teu codi de rebut
budgets-ballot-list-find = Troba la meva papereta
budgets-ballot-list-found = La teva papereta és a la llista i s’ha comptat: apareix ressaltada a sota.
budgets-ballot-list-not-found = Cap papereta no té aquest codi de rebut. Comprova el codi tal com se’t va mostrar.
budgets-ballot-list-page = Paperetes, pàgina { $page } de { $pages }
budgets-ballot-list-pages = Pàgines de la llista de paperetes
budgets-ballot-list-previous = Pàgina anterior
budgets-ballot-list-next = Pàgina següent
budgets-col-receipt-hash = Hash del rebut (SHA-256)
budgets-col-projects = Projectes de la papereta

budgets-threshold-label = Nombre mínim de vots d’un projecte
budgets-threshold-hint = En punts, per a un pressupost de punts o de classificació. Els projectes amb menys queden fora; els altres es financen per ordre de vots.
budgets-threshold-preview = Previsualització
budgets-threshold-previewed = Amb almenys { $threshold } vots:
budgets-threshold-missing = Indica el nombre mínim de vots d’un projecte.
budgets-threshold-not-a-number = El nombre mínim de vots ha de ser un nombre enter, no «{ $text }».
budgets-threshold-negative = El nombre mínim de vots no pot ser negatiu: { $text }.
budgets-threshold-too-large = El nombre mínim de vots no pot superar { $max }.

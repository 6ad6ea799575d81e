# budgets — le composant budget participatif (pages des participant·e·s, formulaires d’administration, paramètres)
component-budgets = Budgets

## Paramètres (administrateur·rice·s de l’espace)
budgets-setting-workflow = Avec plusieurs budgets, les participant·e·s votent
budgets-setting-workflow-all = dans chaque budget
budgets-setting-workflow-one = dans un seul budget
budgets-setting-workflow-district = dans le budget de leur quartier (vérification dans le recensement)
budgets-setting-workflow-random = dans un budget tiré au sort pour eux (toujours le même)
budgets-setting-voting = Vote
budgets-setting-voting-upcoming = Pas encore ouvert (projets visibles)
budgets-setting-voting-open = Ouvert
budgets-setting-voting-closed = Clos

## État
budgets-status-upcoming = Vote pas encore ouvert
budgets-status-voting = Vote ouvert
budgets-status-closed = Vote clos

## Règles en mots simples
budgets-rule-approval = Choisissez les projets que vous voulez, tant qu’ils tiennent dans { $total }.
budgets-rule-approval-minimum = Choisissez les projets que vous voulez, tant qu’ils tiennent dans { $total } ; votre bulletin doit en utiliser au moins { $percent } %.
budgets-rule-choose = Choisissez entre { $min } et { $max } projets, quel que soit leur coût.
budgets-rule-choose-min = Choisissez au moins { $min } { $min ->
    [one] projet
   *[other] projets
}, quel que soit leur coût.
budgets-rule-points = Répartissez { $points } points entre les projets, plusieurs sur un même projet si vous le souhaitez.
budgets-rule-ranking = Classez jusqu’à { $max } projets, votre préféré en premier.
budgets-rule-name-approval = Approbation dans la limite du budget (part minimale à dépenser en option)
budgets-rule-name-choose = Entre un minimum et un maximum de projets, quel que soit leur coût
budgets-rule-name-points = Répartition de points
budgets-rule-name-ranking = Classement des projets

## Liste et page d’un budget
budgets-none = Aucun budget pour l’instant.
budgets-total = Budget : { $total }
budgets-voted = Vous avez voté
budgets-workflow-one-note = Vous ne pouvez voter que dans un seul de ces budgets : le premier où vous ajoutez un projet.
budgets-basket = Mon bulletin
budgets-remaining = Reste : { $amount }
budgets-spent = Dépensé : { $amount }
budgets-progress-projects = { $count ->
    [one] { $count } projet choisi
   *[other] { $count } projets choisis
}
budgets-progress-points = { $used } points donnés sur { $max }
budgets-progress-ranked = { $count } projets classés sur { $max }
budgets-basket-empty = Votre bulletin est vide : ajoutez des projets depuis la liste ci-dessous.
budgets-sign-in = Connectez-vous pour voter
budgets-not-eligible = Vous ne pouvez pas voter dans cet espace (seul·e·s ses membres le peuvent).
budgets-other-budget = Vous votez déjà dans un autre budget de cette page ; on ne peut voter que dans un seul.
budgets-cast = Votre vote est enregistré. Merci !
budgets-receipt = Votre reçu de vote :
budgets-receipt-hint = Conservez-le : il prouve que votre bulletin a été compté. Il ne dit pas pour quoi vous avez voté.
budgets-checkout = Valider mon vote
budgets-checkout-hint = Une fois validé, votre bulletin ne peut plus être modifié.
budgets-add = Ajouter à mon bulletin
budgets-add-label = Ajouter à mon bulletin : { $title }
budgets-remove = Retirer
budgets-remove-label = Retirer : { $title }
budgets-up = Monter
budgets-up-label = Monter : { $title }
budgets-down = Descendre
budgets-down-label = Descendre : { $title }
budgets-points-field = Points
budgets-points-save = Donner
budgets-points-count = { $count ->
    [one] { $count } point
   *[other] { $count } points
}
budgets-on-ballot = Dans mon bulletin
budgets-too-expensive = Coûte plus que ce qui reste.
budgets-projects-count = { $count ->
    [one] { $count } projet
   *[other] { $count } projets
}
budgets-projects-none = Aucun projet pour l’instant.
budgets-cost = Coût : { $cost }
budgets-category = Catégorie : { $category }
budgets-district = Quartier : { $district }
budgets-from-proposals = Issu des propositions

## Refus
budgets-refusal-not-in-budget = Le projet { $project } ne fait pas partie de ce budget.
budgets-refusal-duplicate = Le projet { $project } est déjà dans votre bulletin.
budgets-refusal-over-budget = Ces projets coûtent { $cost } : plus que le budget de { $total }. Retirez d’abord un projet.
budgets-refusal-too-many = Vous pouvez choisir au plus { $max } projets.
budgets-refusal-too-few = Choisissez au moins { $min } projets avant de valider votre vote.
budgets-refusal-minimum-spend = Votre bulletin doit utiliser au moins { $min } du budget avant d’être validé.
budgets-refusal-not-positive = Les points sont des nombres entiers à partir de 1 (0 retire le projet), pas { $value }.
budgets-refusal-too-many-points = Vous avez { $max } points en tout.
budgets-refusal-too-many-ranked = Vous pouvez classer au plus { $max } projets.
budgets-refusal-bad-ranking = Les rangs vont 1, 2, 3 … sans trou ni répétition.
budgets-refusal-empty = Votre bulletin est vide.
budgets-refusal-checked-out = Vous avez déjà validé votre vote dans ce budget : il ne peut plus changer.
budgets-refusal-other-budget = On ne peut voter que dans un seul budget, et vous avez déjà commencé dans un autre.
budgets-refusal-wrong-shape = Ce bulletin ne correspond pas à la règle du budget ({ $rule }).
budgets-refusal-closed = Le vote n’est pas ouvert en ce moment.

## Administration
budgets-manage = Gérer les budgets
budgets-list-title = Budgets
budgets-new = Nouveau budget
budgets-edit = Modifier le budget
budgets-project-new = Nouveau projet
budgets-project-edit = Modifier le projet
budgets-project-delete = Supprimer le projet
budgets-field-title = Titre
budgets-field-description = Description
budgets-field-markdown = Markdown : **gras**, *italique*, listes, liens.
budgets-field-total = Montant total (unités entières)
budgets-field-currency = Devise (code ISO, par ex. EUR)
budgets-field-rule = Règle du bulletin
budgets-field-min-percent = Approbation : part du budget qu’un bulletin doit dépenser, en % (0 : aucune)
budgets-field-min-projects = Choix : nombre minimal de projets
budgets-field-max-projects = Choix : nombre maximal de projets (0 : aucun maximum)
budgets-field-points = Points à répartir, ou nombre maximal de projets classés
budgets-field-cost = Coût ({ $currency }, unités entières)
budgets-field-category = Catégorie (facultatif)
budgets-field-district = Quartier (facultatif)
budgets-field-proposals = Propositions d’origine (facultatif)
budgets-field-proposals-hint = Numéros de propositions de cet espace, séparés par des virgules.
budgets-error-required = Remplissez ce champ.
budgets-error-long = Au plus { $max } caractères.
budgets-error-number = Un nombre entier de { $min } à { $max }.
budgets-error-currency = Trois lettres majuscules, par ex. EUR.
budgets-error-rule = Choisissez une règle.
budgets-error-max-below-min = Le maximum est inférieur au minimum.
budgets-error-points = Au moins 1 pour cette règle.
budgets-error-votes-cast = Des bulletins ont déjà été validés : les montants, la règle et le secret du vote ne peuvent plus changer.
budgets-error-proposal = « { $id } » n’est pas une proposition de cet espace.
budgets-error-project-on-ballots = Ce projet figure dans des bulletins : il ne peut plus être supprimé.

## Résultats
budgets-results = Résultats
budgets-results-of = Résultats : { $title }
budgets-result-rule = Les lauréats ont été choisis par { $rule }.
budgets-result-rule-greedy = l’ordre des votes (glouton)
budgets-result-rule-mes-add1 = la méthode des parts égales
budgets-result-rule-phragmen = la méthode de Phragmén
budgets-result-rule-max-supporters = le maximum de soutiens dans le budget
budgets-result-rule-greedy-threshold = l’ordre des votes avec un seuil
budgets-result-used = { $used } utilisés sur { $total }.
budgets-result-represented = { $represented } votant·e·s sur { $voters } voient financé au moins un projet qu’ils ou elles ont choisi.
budgets-winners = { $count ->
    [one] { $count } projet financé
   *[other] { $count } projets financés
}
budgets-supporters = { $count ->
    [one] { $count } vote
   *[other] { $count } votes
}
budgets-how = Comment les lauréats ont été choisis
budgets-explain-greedy = Les projets ont été classés par nombre de votes, du plus voté au moins voté. En descendant la liste, chaque projet a été financé s’il tenait encore dans ce qui restait du budget.
budgets-explain-greedy-skipped = { $count ->
    [one] Un projet a été passé car il coûtait plus que ce qui restait à son tour.
   *[other] { $count } projets ont été passés car ils coûtaient plus que ce qui restait à leur tour.
}
budgets-explain-mes = Le budget a été partagé à parts égales entre les { $voters } votant·e·s : environ { $share } chacun·e. Un projet a été financé quand ses soutiens pouvaient le payer ensemble avec leurs parts, aussi également que possible ; à chaque fois, le projet qui coûtait le moins par personne à ses soutiens passait en premier. Ainsi un groupe de votant·e·s décide d’une part du budget proportionnelle à sa taille.
budgets-explain-mes-completion = Quand plus aucun projet ne pouvait être payé, la part de chacun·e a été augmentée pas à pas, tant que le résultat tenait dans le budget.
budgets-explain-phragmen = Chaque votant·e gagnait de l’argent au même rythme. Dès que les soutiens d’un projet en réunissaient ensemble le coût, il était financé et ils dépensaient tout ce qu’ils avaient. On a continué jusqu’à ce que le projet suivant dépasse le budget.
budgets-explain-max-supporters = Parmi tous les ensembles de projets qui tiennent dans le budget, celui qui réunit le plus de votes au total a été choisi : { $supports } votes, contre { $greedy } par l’ordre des votes.
budgets-explain-threshold = Un projet devait réunir au moins { $threshold } { $kind ->
    [points] points
   *[votes] { $threshold ->
        [one] vote
       *[other] votes
    }
} pour être pris en compte : le minimum fixé par les organisateurs avant la publication.
budgets-explain-threshold-dropped = { $count ->
    [0] Tous les projets l’ont atteint.
    [one] Un projet en avait moins et a été écarté, quel que soit son coût.
   *[other] { $count } projets en avaient moins et ont été écartés, quel que soit leur coût.
}
budgets-result-not-published = Les résultats ne sont pas encore publiés.
budgets-result-not-closed = Le vote n’est pas clos : les résultats pourront être publiés une fois qu’il le sera.
budgets-result-no-ballots = Aucun bulletin n’a été validé.
budgets-ballots-cast = { $count ->
    [one] { $count } bulletin validé
   *[other] { $count } bulletins validés
}
budgets-preview = Ce que chaque règle financerait
budgets-publish = Publier : { $rule }
budgets-threshold-label = Nombre minimum de votes d’un projet
budgets-threshold-hint = En points, pour un budget à points ou à classement. Les projets qui en ont moins sont écartés ; les autres sont financés dans l’ordre des votes.
budgets-threshold-preview = Aperçu
budgets-threshold-previewed = Avec au moins { $threshold } votes :
budgets-threshold-missing = Indiquez le nombre minimum de votes d’un projet.
budgets-threshold-not-a-number = Le nombre minimum de votes doit être un nombre entier, pas « { $text } ».
budgets-threshold-negative = Le nombre minimum de votes ne peut pas être négatif : { $text }.
budgets-threshold-too-large = Le nombre minimum de votes ne peut pas dépasser { $max }.
budgets-export = Télécharger les bulletins (fichier Pabulib, anonyme)

## Paper ballots
budgets-paper = Bulletins papier
budgets-paper-intro = Saisissez les voix reçues sur papier par chaque projet. Elles s’ajoutent aux voix en ligne dans les résultats, qui les montrent à part. Une voix papier compte comme un bulletin qui choisit ce seul projet.
budgets-paper-counts = Voix papier par projet
budgets-paper-csv = Ou collez des lignes CSV
budgets-paper-csv-hint = Une ligne par projet : numéro du projet, voix (par ex. 12,340). Si ce champ est rempli, ces lignes remplacent les champs ci-dessus.
budgets-paper-saved = Les voix papier sont enregistrées.
budgets-paper-error-line = La ligne { $line } n’est pas « numéro du projet, voix » : { $text }
budgets-paper-error-project = Le projet { $project } n’est pas un projet de ce budget.
budgets-paper-error-number = Les voix papier du projet { $project } doivent être un nombre entier, pas « { $text } ».
budgets-paper-error-range = Les voix papier du projet { $project } doivent être entre 0 et 1 000 000, pas { $votes }.
budgets-paper-error-total = Toutes les voix papier ensemble ne peuvent dépasser { $max }.
budgets-paper-error-twice = Le projet { $project } est donné deux fois.
budgets-paper-error-published = Les résultats sont publiés : les voix papier ne peuvent plus changer.
budgets-ballots-counted = Bulletins comptés : { $online } en ligne, { $paper } sur papier.
budgets-votes-title = Voix par projet
budgets-col-project = Projet
budgets-col-cost = Coût
budgets-col-online = En ligne
budgets-col-paper = Papier
budgets-col-total = Total

## Eligibility, assignment, evaluation
budgets-setting-census = Les votant·e·s doivent être vérifié·e·s dans le recensement
budgets-setting-min-age = Âge minimum pour voter (0 : aucun)
budgets-field-budget-district = Quartier
budgets-field-budget-district-hint = Avec le mode « voter dans le budget de son quartier », les habitant·e·s vérifié·e·s de ce quartier votent dans ce budget.
budgets-refusal-not-verified = Seules les personnes vérifiées dans le recensement peuvent voter ici : vérifiez d’abord votre identité.
budgets-refusal-too-young = Il faut avoir au moins { $min } ans pour voter ici.
budgets-refusal-not-assigned = Ce n’est pas le budget qui vous est attribué : vous votez dans le budget de votre quartier (ou celui tiré au sort pour vous).
budgets-refusal-unfeasible = Le projet { $project } a été jugé non réalisable : on ne peut pas voter pour lui.
budgets-verify-link = Vérifier votre identité
budgets-assigned = Vous votez dans : { $title }.

## Pabulib import
budgets-import = Importer un fichier Pabulib
budgets-import-intro = Collez un fichier Pabulib (.pb, jusqu’à 64 Mio) : ses projets sont ajoutés à ce budget et, si vous cochez la case, ses votes comptent comme des bulletins importés (pour rejouer une élection passée, ou des bulletins papier transcrits en entier). Un fichier cassé est refusé avec sa ligne, et rien n’est importé.
budgets-import-file = Fichier Pabulib
budgets-import-votes = Importer aussi les votes comme bulletins
budgets-import-button = Importer
budgets-import-done = { $projects } projets et { $ballots } bulletins importés.
budgets-import-error = Le fichier ne peut pas être importé : { $message }. Rien n’a été importé.
budgets-import-error-line = Ligne { $line } : { $message }. Rien n’a été importé.

## Evaluation
budgets-feasible = Réalisable
budgets-unfeasible = Non réalisable :
budgets-evaluation = Évaluation
budgets-evaluation-feasibility = Faisabilité
budgets-evaluation-pending = Pas encore évalué
budgets-evaluation-feasible = Réalisable
budgets-evaluation-unfeasible = Non réalisable (on ne peut pas voter pour lui)
budgets-evaluation-reason = Raison (obligatoire si non réalisable)
budgets-evaluation-error-feasibility = Choisissez une faisabilité.
budgets-evaluation-error-reason = Dites pourquoi le projet n’est pas réalisable.

# Secret ballots and the ballot list
budgets-field-secret = Vote secret
budgets-field-secret-hint = Qui a voté est enregistré à part de ce qui a été voté : personne, administrateurs compris, ne peut savoir ce qu’une personne a choisi. Ne peut plus changer une fois un bulletin validé.
budgets-receipt-secret-hint = Notez-le maintenant : il n’est affiché qu’une fois, agora ne le garde pas avec votre nom. Quand les résultats seront publiés, retrouvez votre bulletin avec ce code dans la liste des bulletins.
budgets-secret-cast = Votre bulletin est secret : agora ne sait plus ce que vous avez choisi. Votre code de reçu a été affiché une fois, au moment du vote.
budgets-secret-note = Vote secret : une fois votre bulletin validé, vos choix ne sont plus liés à vous.
budgets-ballot-list = Liste des bulletins
budgets-ballot-list-count = { $count ->
    [one] Un bulletin validé.
   *[other] { $count } bulletins validés.
}
budgets-ballot-list-hint = Chaque bulletin validé avec l’empreinte SHA-256 de son code de reçu, sans votant, dans l’ordre des empreintes. Retrouvez le vôtre avec votre code ; chacun peut recompter à partir de cette liste ou des données ouvertes.
budgets-ballot-list-check = Votre code de reçu
budgets-ballot-list-find = Retrouver mon bulletin
budgets-ballot-list-found = Votre bulletin est dans la liste et a été compté : il est surligné ci-dessous.
budgets-ballot-list-not-found = Aucun bulletin n’a ce code de reçu. Vérifiez le code tel qu’il vous a été affiché.
budgets-ballot-list-page = Bulletins, page { $page } sur { $pages }
budgets-ballot-list-pages = Pages de la liste des bulletins
budgets-ballot-list-previous = Page précédente
budgets-ballot-list-next = Page suivante
budgets-col-receipt-hash = Empreinte du reçu (SHA-256)
budgets-col-projects = Projets du bulletin

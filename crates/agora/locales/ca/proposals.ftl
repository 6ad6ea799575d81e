# proposals — pàgines de participants del component de propostes
component-proposals = Propostes
proposals-new = Nova proposta
proposals-filters = Filtra les propostes
proposals-search = Cerca
proposals-filter-state = Estat
proposals-state-filter-published = No retirades
proposals-state-filter-not_answered = Sense resposta
proposals-state-filter-evaluating = En avaluació
proposals-state-filter-accepted = Acceptades
proposals-state-filter-rejected = Rebutjades
proposals-state-filter-withdrawn = Retirades
proposals-state-filter-all = Totes
proposals-order = Ordre
proposals-order-random = Aleatori
proposals-order-most_supported = Més suports
proposals-order-most_commented = Més comentades
proposals-order-recent = Més recents
proposals-filter-mine = Les meves propostes
proposals-filter-successful = Només les propostes amb èxit
proposals-apply = Aplica
proposals-count = { $count ->
    [one] { $count } proposta
   *[other] { $count } propostes
}
proposals-none = Cap proposta no hi coincideix.
proposals-by = Per { $name }, el { $date }
proposals-supports-count = { $count ->
    [one] { $count } suport
   *[other] { $count } suports
}
proposals-comments-count = { $count ->
    [one] { $count } comentari
   *[other] { $count } comentaris
}
proposals-successful = Amb èxit
proposals-you-support = Dones suport a aquesta proposta
proposals-withdrawn = Retirada
proposals-answer-evaluating = En avaluació
proposals-answer-accepted = Acceptada
proposals-answer-rejected = Rebutjada
proposals-answer-custom = Un altre estat
proposals-pages = Pàgines de propostes
proposals-previous = Pàgina anterior
proposals-next = Pàgina següent
proposals-page-of = Pàgina { $page } de { $pages }
proposals-supports-pending = Els teus suports estan pendents: dona suport a { $missing } propostes més perquè comptin (mínim { $minimum }).
proposals-supports-left = Et queden { $left } de { $limit } suports.
proposals-edit = Edita la proposta
proposals-similar-title = Propostes semblants
proposals-similar-none = Cap proposta existent no sembla semblant. Pots publicar la teva.
proposals-similar-intro = Aquestes propostes s’assemblen a la teva. Potser prefereixes donar suport a una d’elles? Si no, publica la teva.
proposals-field-title = Títol
proposals-field-title-hint = Com a màxim { $max } caràcters.
proposals-field-body = La teva proposta
proposals-field-body-hint = Explica què proposes i per què. Pots fer servir Markdown (**negreta**, llistes, enllaços). Com a màxim { $max } caràcters.
proposals-field-address = Adreça (opcional)
proposals-publish = Publica
proposals-check-again = Torna a cercar propostes semblants
proposals-continue = Continua
proposals-error-title-empty = Posa un títol a la teva proposta.
proposals-error-title-long = El títol ha de tenir com a màxim { $max } caràcters.
proposals-error-body-empty = Descriu la teva proposta.
proposals-error-body-long = El text ha de tenir com a màxim { $max } caràcters.
proposals-error-address-long = L’adreça ha de tenir com a màxim { $max } caràcters.
proposals-error-proposal-limit = Has arribat al límit de { $limit } propostes.
proposals-address = Adreça: { $address }
proposals-supports = Suports
proposals-support = Dona suport
proposals-unsupport = Retira el meu suport
proposals-support-sign-in = Se’t demanarà que iniciïs la sessió.
proposals-support-already = Ja dones suport a aquesta proposta.
proposals-support-limit = Has fet servir els teus { $limit } suports. Retira’n un per donar suport a aquesta proposta.
proposals-support-cap = Aquesta proposta ha rebut tots els suports que pot rebre.
proposals-support-not-found = No es pot donar suport a aquesta proposta (potser ha estat retirada).
proposals-support-closed = Els suports no estan oberts en aquesta fase.
proposals-withdraw = Retira la proposta
proposals-versions-link = { $count ->
    [one] { $count } versió
   *[other] Mostra les { $count } versions
}
proposals-answer-title = Resposta oficial
proposals-answer-cost-value = Cost: { $cost }
proposals-versions = Versions
proposals-versions-heading = Versions de «{ $title }»
proposals-back = Torna a la proposta
proposals-version = Versió { $number }
proposals-diff-added = Afegit:
proposals-diff-removed = Eliminat:
proposals-hidden-title = Proposta amagada
proposals-hidden = Aquesta proposta ha estat amagada per la moderació.
proposals-report = Denuncia aquesta proposta
proposals-reported = Has denunciat aquesta proposta. L’equip de moderació la revisarà.
moderation-kind-proposal = Proposta

## Seguir, adhesions, esmenes
proposals-setting-endorsements-enabled = Adhesions obertes
proposals-setting-amendments-enabled = Esmenes obertes
proposals-follow-title = Segueix aquesta proposta
proposals-following = Segueixes aquesta proposta
proposals-followers = { $count ->
    [one] { $count } persona la segueix
   *[other] { $count } persones la segueixen
}
proposals-follow = Segueix
proposals-unfollow = Deixa de seguir
proposals-follow-refused = Aquesta proposta està oculta: ja no es pot seguir.
proposals-endorsements-count = { $count ->
    [one] { $count } adhesió
   *[other] { $count } adhesions
}
proposals-endorsed-by = Adhesions:
proposals-endorsers-more = { $count ->
    [one] i { $count } persona més
   *[other] i { $count } persones més
}
proposals-you-endorse = T’adhereixes a aquesta proposta
proposals-endorse = Adhereix-me
proposals-unendorse = Retira la meva adhesió
proposals-endorse-sign-in = Inicia la sessió per adherir-te a aquesta proposta.
proposals-endorse-closed = Les adhesions estan tancades en aquesta fase.
proposals-endorse-refused = Aquesta proposta està retirada o oculta: ja no rep adhesions.
proposals-amendments = Esmenes
proposals-amend = Proposa una esmena
proposals-amend-heading = Esmena «{ $title }»
proposals-amend-intro = Canvia el títol i el text: l’autor o l’autora de la proposta veurà els teus canvis i podrà acceptar-los o rebutjar-los.
proposals-amend-send = Envia l’esmena
proposals-amend-unchanged = L’esmena no canvia el text actual.
proposals-amend-refused = Aquesta proposta no es pot esmenar (retirada, oculta o teva).
proposals-amendment-by = Esmena de { $name }, { $date }
proposals-amendment-state-pending = Pendent
proposals-amendment-state-accepted = Acceptada
proposals-amendment-state-rejected = Rebutjada
proposals-amendment-state-withdrawn = Retirada
proposals-amendment-diff = Canvis respecte al text actual:
proposals-amendment-accept = Accepta l’esmena
proposals-amendment-reject = Rebutja l’esmena
proposals-amendment-withdraw = Retira la meva esmena
proposals-amendment-not-pending = Aquesta esmena ja no està pendent, o la proposta ja no pot canviar.
moderation-kind-amendment = Esmena
proposals-amendment-report = Denuncia aquesta esmena
proposals-amendment-hidden = Aquesta esmena ha estat amagada per la moderació.

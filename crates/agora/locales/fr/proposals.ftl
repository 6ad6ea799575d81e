# proposals — le composant propositions (pages des participant·e·s, réponse, paramètres)
component-proposals = Propositions

## Paramètres (administrateur·rice·s de l’espace)
proposals-setting-support-limit = Soutiens par participant·e (0 : illimité)
proposals-setting-support-cap = Nombre maximal de soutiens par proposition (0 : aucun plafond)
proposals-setting-minimum-supports = Soutiens que chaque participant·e doit donner avant qu’ils comptent (0 : aucun)
proposals-setting-success-threshold = Soutiens pour le badge « retenue » (0 : pas de badge)
proposals-setting-proposal-limit = Propositions par participant·e (0 : illimité)
proposals-setting-edit-window = Minutes pendant lesquelles l’auteur·rice peut modifier sa proposition
proposals-setting-default-order = Ordre par défaut
proposals-setting-default-order-random = Aléatoire
proposals-setting-default-order-most_supported = Les plus soutenues
proposals-setting-default-order-most_commented = Les plus commentées
proposals-setting-default-order-recent = Les plus récentes
proposals-setting-creation-enabled = Les participant·e·s peuvent déposer des propositions
proposals-setting-supports = Soutiens
proposals-setting-supports-enabled = Ouverts
proposals-setting-supports-blocked = Bloqués (compteurs visibles, plus de nouveaux soutiens)
proposals-setting-supports-hidden = Ouverts, compteurs masqués

## Liste
proposals-new = Nouvelle proposition
proposals-filters = Filtrer les propositions
proposals-search = Rechercher
proposals-filter-state = État
proposals-state-filter-published = Non retirées
proposals-state-filter-not_answered = Sans réponse
proposals-state-filter-evaluating = En cours d’évaluation
proposals-state-filter-accepted = Acceptées
proposals-state-filter-rejected = Rejetées
proposals-state-filter-withdrawn = Retirées
proposals-state-filter-all = Toutes
proposals-order = Ordre
proposals-order-random = Aléatoire
proposals-order-most_supported = Les plus soutenues
proposals-order-most_commented = Les plus commentées
proposals-order-recent = Les plus récentes
proposals-filter-mine = Mes propositions
proposals-filter-successful = Seulement les propositions retenues
proposals-apply = Appliquer
proposals-count = { $count ->
    [one] { $count } proposition
   *[other] { $count } propositions
}
proposals-none = Aucune proposition ne correspond.
proposals-by = Par { $name }, le { $date }
proposals-supports-count = { $count ->
    [one] { $count } soutien
   *[other] { $count } soutiens
}
proposals-comments-count = { $count ->
    [one] { $count } commentaire
   *[other] { $count } commentaires
}
proposals-successful = Retenue
proposals-you-support = Vous soutenez cette proposition
proposals-withdrawn = Retirée
proposals-answer-evaluating = En cours d’évaluation
proposals-answer-accepted = Acceptée
proposals-answer-rejected = Rejetée
proposals-answer-custom = Autre état
proposals-pages = Pages de propositions
proposals-previous = Page précédente
proposals-next = Page suivante
proposals-page-of = Page { $page } sur { $pages }
proposals-supports-pending = Vos soutiens sont en attente : soutenez encore { $missing } propositions pour qu’ils comptent (minimum { $minimum }).
proposals-supports-left = Il vous reste { $left } soutiens sur { $limit }.

## Dépôt et modification
proposals-edit = Modifier la proposition
proposals-similar-title = Propositions similaires
proposals-similar-none = Aucune proposition existante ne semble similaire. Vous pouvez publier la vôtre.
proposals-similar-intro = Ces propositions ressemblent à la vôtre. Peut-être préférez-vous soutenir l’une d’elles ? Sinon, publiez la vôtre.
proposals-field-title = Titre
proposals-field-title-hint = { $max } caractères au plus.
proposals-field-body = Votre proposition
proposals-field-body-hint = Expliquez ce que vous proposez et pourquoi. Vous pouvez utiliser Markdown (**gras**, listes, liens). { $max } caractères au plus.
proposals-field-address = Adresse (facultatif)
proposals-publish = Publier
proposals-check-again = Vérifier à nouveau les propositions similaires
proposals-continue = Continuer
proposals-error-title-empty = Donnez un titre à votre proposition.
proposals-error-title-long = Le titre doit faire { $max } caractères au plus.
proposals-error-body-empty = Décrivez votre proposition.
proposals-error-body-long = Le texte doit faire { $max } caractères au plus.
proposals-error-address-long = L’adresse doit faire { $max } caractères au plus.
proposals-error-proposal-limit = Vous avez atteint la limite de { $limit } propositions.

## Page d’une proposition
proposals-address = Adresse : { $address }
proposals-supports = Soutiens
proposals-support = Soutenir
proposals-unsupport = Retirer mon soutien
proposals-support-sign-in = Il vous sera demandé de vous connecter.
proposals-support-already = Vous soutenez déjà cette proposition.
proposals-support-limit = Vous avez utilisé vos { $limit } soutiens. Retirez-en un pour soutenir cette proposition.
proposals-support-cap = Cette proposition a reçu tous les soutiens qu’elle peut recevoir.
proposals-support-not-found = Cette proposition ne peut pas être soutenue (elle a peut-être été retirée).
proposals-support-closed = Les soutiens ne sont pas ouverts pendant cette phase.
proposals-withdraw = Retirer la proposition
proposals-versions-link = { $count ->
    [one] { $count } version
   *[other] Voir les { $count } versions
}

## Réponse officielle
proposals-answer-title = Réponse officielle
proposals-answer-not-public = Pas encore publique
proposals-answer-cost-value = Coût : { $cost }
proposals-answer-action = Répondre
proposals-answer-heading = Répondre à « { $title } »
proposals-answer-state = État
proposals-answer-custom-state = Nom de l’autre état
proposals-answer-text = Réponse
proposals-answer-cost = Coût (facultatif, nombre entier)
proposals-answer-publish = Publier la réponse maintenant
proposals-error-answer-state = Choisissez un état.
proposals-error-custom-state-empty = Nommez l’autre état.
proposals-error-custom-state-long = L’état doit faire { $max } caractères au plus.
proposals-error-answer-long = La réponse doit faire { $max } caractères au plus.
proposals-error-cost = Le coût doit être un nombre entier, zéro ou plus.

## Versions
proposals-versions = Versions
proposals-versions-heading = Versions de « { $title } »
proposals-back = Retour à la proposition
proposals-version = Version { $number }
proposals-diff-added = Ajouté :
proposals-diff-removed = Supprimé :
proposals-hidden-title = Proposition masquée
proposals-hidden = Cette proposition a été masquée par la modération.
proposals-report = Signaler cette proposition
proposals-reported = Vous avez signalé cette proposition. Les modérateur·rice·s vont l’examiner.
moderation-kind-proposal = Proposition

## Suivre, adhésions, amendements
proposals-setting-endorsements-enabled = Adhésions ouvertes
proposals-setting-amendments-enabled = Amendements ouverts
proposals-follow-title = Suivre cette proposition
proposals-following = Vous suivez cette proposition
proposals-followers = { $count ->
    [one] { $count } personne la suit
   *[other] { $count } personnes la suivent
}
proposals-follow = Suivre
proposals-unfollow = Ne plus suivre
proposals-follow-refused = Cette proposition est masquée : elle ne peut plus être suivie.
proposals-endorsements-count = { $count ->
    [one] { $count } adhésion
   *[other] { $count } adhésions
}
proposals-endorsed-by = Adhésions :
proposals-endorsers-more = { $count ->
    [one] et { $count } autre personne
   *[other] et { $count } autres personnes
}
proposals-you-endorse = Vous adhérez à cette proposition
proposals-endorse = Adhérer
proposals-unendorse = Retirer mon adhésion
proposals-endorse-sign-in = Connectez-vous pour adhérer à cette proposition.
proposals-endorse-closed = Les adhésions sont fermées pendant cette phase.
proposals-endorse-refused = Cette proposition est retirée ou masquée : elle ne reçoit plus d’adhésions.
proposals-amendments = Amendements
proposals-amend = Proposer un amendement
proposals-amend-heading = Amender « { $title } »
proposals-amend-intro = Modifiez le titre et le texte : l’auteur·rice de la proposition verra vos changements et pourra les accepter ou les refuser.
proposals-amend-send = Envoyer l’amendement
proposals-amend-unchanged = L’amendement ne change rien au texte actuel.
proposals-amend-refused = Cette proposition ne peut pas être amendée (retirée, masquée ou la vôtre).
proposals-amendment-by = Amendement de { $name }, le { $date }
proposals-amendment-state-pending = En attente
proposals-amendment-state-accepted = Accepté
proposals-amendment-state-rejected = Refusé
proposals-amendment-state-withdrawn = Retiré
proposals-amendment-diff = Changements par rapport au texte actuel :
proposals-amendment-accept = Accepter l’amendement
proposals-amendment-reject = Refuser l’amendement
proposals-amendment-withdraw = Retirer mon amendement
proposals-amendment-not-pending = Cet amendement n’est plus en attente, ou la proposition ne peut plus changer.
moderation-kind-amendment = Amendement
proposals-amendment-report = Signaler cet amendement
proposals-amendment-hidden = Cet amendement a été masqué par la modération.

# espaces — pages publiques (accueil de l’organisation, page d’un espace)
spaces-breadcrumb = Fil d’Ariane
spaces-processes = Concertations
spaces-processes-empty = Aucune concertation à afficher pour l’instant.
spaces-assemblies = Assemblées
spaces-assemblies-empty = Aucune assemblée à afficher pour l’instant.
spaces-current-phase = Phase en cours
spaces-unpublished = Non publié
spaces-published = Publié
spaces-kind-process = Concertation
spaces-kind-assembly = Assemblée
spaces-visibility-public = Public
spaces-visibility-members-participate = Public, participation réservée aux membres
spaces-visibility-private = Privé
spaces-visibility-secret = Secret
spaces-phases = Phases
spaces-phase-dates = du { $start } au { $end }
spaces-phase-from = à partir du { $start }
spaces-phase-until = jusqu’au { $end }
spaces-components = Fonctionnalités
spaces-members = Membres
spaces-members-empty = Aucun·e membre pour l’instant.
spaces-member-name = Nom
spaces-member-role = Rôle
spaces-role-admin = Administrateur·rice de l’espace
spaces-role-moderator = Modérateur·rice
spaces-role-collaborator = Collaborateur·rice
spaces-role-evaluator = Évaluateur·rice
spaces-role-member = Membre
spaces-admin-link = Administrer cet espace
spaces-new = Nouvel espace

# dates : { $day } et { $year } sont des nombres ; « 1er » pour le premier jour du mois
spaces-date-1 = { $day ->
        [1] 1er
       *[other] { $day }
    } janvier { $year }
spaces-date-2 = { $day ->
        [1] 1er
       *[other] { $day }
    } février { $year }
spaces-date-3 = { $day ->
        [1] 1er
       *[other] { $day }
    } mars { $year }
spaces-date-4 = { $day ->
        [1] 1er
       *[other] { $day }
    } avril { $year }
spaces-date-5 = { $day ->
        [1] 1er
       *[other] { $day }
    } mai { $year }
spaces-date-6 = { $day ->
        [1] 1er
       *[other] { $day }
    } juin { $year }
spaces-date-7 = { $day ->
        [1] 1er
       *[other] { $day }
    } juillet { $year }
spaces-date-8 = { $day ->
        [1] 1er
       *[other] { $day }
    } août { $year }
spaces-date-9 = { $day ->
        [1] 1er
       *[other] { $day }
    } septembre { $year }
spaces-date-10 = { $day ->
        [1] 1er
       *[other] { $day }
    } octobre { $year }
spaces-date-11 = { $day ->
        [1] 1er
       *[other] { $day }
    } novembre { $year }
spaces-date-12 = { $day ->
        [1] 1er
       *[other] { $day }
    } décembre { $year }

# espaces — administration
spaces-admin = Administration
spaces-admin-nav = Administration de l’espace
spaces-admin-settings = Paramètres
spaces-admin-view-public = Voir la page publique
spaces-admin-settings-title = Paramètres de « { $title } »
spaces-admin-phases-title = Phases de « { $title } »
spaces-admin-members-title = Membres de « { $title } »
spaces-admin-components-title = Fonctionnalités de « { $title } »
spaces-admin-component-title = { $kind } : « { $title } »
spaces-notice-saved = Vos modifications ont été enregistrées.
spaces-create = Créer l’espace
spaces-new-unpublished-hint = Le nouvel espace n’est pas publié : seul·e·s ses administrateur·rice·s le voient jusqu’à sa publication.
spaces-details = Informations
spaces-kind-is = Type : { $kind }
spaces-kind-process-hint = Une consultation en phases successives (idées, analyse, vote…).
spaces-kind-assembly-hint = Une instance ou un groupe permanent, avec ses membres.
spaces-field-kind = Type d’espace
spaces-field-title = Titre
spaces-field-slug = Nom court dans les adresses
spaces-field-slug-hint = De 2 à 60 lettres minuscules, chiffres ou tirets, par exemple budget-2027.
spaces-field-description = Description
spaces-field-markdown-hint = Vous pouvez utiliser Markdown : **gras**, *italique*, listes, [liens](https://example.org).
spaces-field-visibility = Qui peut voir et participer
spaces-visibility-public-hint = Tout le monde le voit ; toute personne connectée participe.
spaces-visibility-members-participate-hint = Tout le monde le voit ; seul·e·s les membres participent.
spaces-visibility-private-hint = Seul·e·s les membres de l’organisation ou de l’espace le voient et participent.
spaces-visibility-secret-hint = Seul·e·s les membres de l’espace, ajouté·e·s par ses administrateur·rice·s, le voient. Il n’apparaît jamais dans les listes des autres.
spaces-field-starts-on = Date de début
spaces-field-ends-on = Date de fin
spaces-field-date-hint = Facultative, par exemple 2026-11-21.
spaces-publication = Publication
spaces-published-text = Cet espace est publié : les personnes autorisées par sa visibilité peuvent le voir.
spaces-unpublished-text = Cet espace n’est pas publié : seule son équipe le voit.
spaces-publish = Publier
spaces-unpublish = Dépublier
spaces-phases-empty = Cette concertation n’a pas encore de phase.
spaces-phase = Phase
spaces-phase-position = Ordre
spaces-phase-dates-column = Dates
spaces-phase-no-dates = Sans dates
spaces-actions = Actions
spaces-move-up = Monter
spaces-move-down = Descendre
spaces-make-current = Rendre en cours
spaces-no-current-phase = Aucune phase en cours
spaces-edit = Modifier
spaces-delete = Supprimer
spaces-add-phase = Ajouter une phase
spaces-edit-phase-title = Modifier la phase « { $title } »
spaces-member-email = Adresse e-mail
spaces-role-of = Rôle de { $name }
spaces-change-role = Changer le rôle
spaces-remove-member = Retirer
spaces-add-member = Ajouter un·e membre
spaces-add-member-hint = La personne doit déjà avoir un compte.
spaces-components-empty = Cet espace n’a pas encore de fonctionnalité.
spaces-component-kind = Type de fonctionnalité
spaces-add-component = Ajouter une fonctionnalité
spaces-add-component-hint = La nouvelle fonctionnalité n’est pas publiée : les participant·e·s la verront une fois publiée.
spaces-component-settings = Paramètres
spaces-component-phase-settings = Paramètres par phase
spaces-component-phase-settings-hint = Pendant qu’une phase est en cours, ses paramètres s’appliquent.
spaces-component-published-text = Cette fonctionnalité est publiée : les personnes qui voient l’espace peuvent la voir.
spaces-component-unpublished-text = Cette fonctionnalité n’est pas publiée : seul·e·s les administrateur·rice·s de l’espace la voient.
spaces-component-view = Voir la fonctionnalité
spaces-component-edit-content = Modifier le contenu
spaces-component-delete = Supprimer cette fonctionnalité
spaces-component-delete-text = Supprimer une fonctionnalité supprime tout ce qu’elle contient. C’est définitif.
spaces-setting-range-hint = Un nombre entier de { $min } à { $max }.
spaces-setting-long-hint = { $max } caractères au plus.

# espaces — erreurs de formulaire
spaces-error-title-empty = Saisissez un titre.
spaces-error-title-long = Le titre doit faire 200 caractères au plus.
spaces-error-description-long = La description doit faire 20 000 caractères au plus.
spaces-error-slug-invalid = Le nom court doit compter de 2 à 60 lettres minuscules, chiffres ou tirets, sans tiret au début ni à la fin.
spaces-error-slug-reserved = Ce nom court est réservé ; choisissez-en un autre.
spaces-error-slug-taken = Un autre espace de cette organisation utilise déjà ce nom court.
spaces-error-kind = Choisissez une concertation ou une assemblée.
spaces-error-visibility = Choisissez qui peut voir et participer.
spaces-error-date = Saisissez une date au format AAAA-MM-JJ, par exemple 2026-11-21.
spaces-error-end-before-start = La date de fin doit être identique ou postérieure à la date de début.
spaces-error-role = Choisissez l’un des rôles.
spaces-error-email-empty = Saisissez l’adresse e-mail de la personne.
spaces-error-no-account = Aucun compte n’utilise cette adresse e-mail.
spaces-error-already-member = Cette personne est déjà membre de l’espace ; changez son rôle dans la liste ci-dessus.
spaces-error-component-kind = Choisissez l’un des types de fonctionnalité.
spaces-error-setting-number = Saisissez un nombre entier.
spaces-error-setting-range = Saisissez un nombre entier de { $min } à { $max }.
spaces-error-setting-long = Saisissez { $max } caractères au plus.
spaces-error-setting-choice = Choisissez l’une des options.

# fonctionnalités : page
component-page = Page
component-page-show-title = Afficher le titre
component-page-announcement = Annonce affichée au-dessus de la page pendant cette phase
component-page-edit = Modifier la page
component-page-edit-title = Modifier la page « { $title } »
component-page-body = Texte de la page
component-page-error-long = Le texte doit faire { $max } caractères au plus.

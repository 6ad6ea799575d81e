# threads — le composant des fils de discussion
component-threads = Fils de discussion

## Settings (space admins)
threads-setting-thread-creation = Qui ouvre des fils
threads-setting-thread-creation-participants = Tout·e participant·e
threads-setting-thread-creation-admins = Les admins de l’espace seulement
threads-setting-creation-enabled = Les participant·e·s peuvent ouvrir des fils

## List
threads-new = Ouvrir un fil
threads-none = Aucun fil pour l’instant.
threads-by = Ouvert par { $name }
threads-replies-count = { $count ->
    [one] 1 réponse
   *[other] { $count } réponses
}
threads-unread = { $count } nouveau(x)
threads-closed = Fermé
threads-open = Ouvert

## Form
threads-edit = Modifier le contexte
threads-title-label = Titre
threads-context-label = Contexte
threads-context-hint = Où en est la discussion, tenu à jour (Markdown, { $max } caractères au plus). Chaque modification est gardée comme version.
threads-save = Enregistrer
threads-start = Ouvrir le fil
threads-layout-legend = Réponses
threads-layout-nested = Imbriquées (sous le message auquel elles répondent)
threads-layout-flat = À plat (une liste par date)
threads-order-legend = Ordre
threads-order-oldest = Les plus anciennes d’abord
threads-order-newest = Les plus récentes d’abord
threads-layout-save = Enregistrer l’affichage des réponses

## Thread page
threads-context = Contexte
threads-context-empty = Pas encore de contexte.
threads-versions-count = { $count } versions
threads-jump-unread = Aller à la première réponse non lue
threads-outline = Sommaire
threads-outline-empty = Aucune réponse épinglée pour l’instant.
threads-pin = Épingler une réponse
threads-pin-comment = Réponse
threads-pin-title = Titre dans le sommaire
threads-pin-submit = Épingler
threads-unpin = Désépingler « { $title } »
threads-manage = Gérer le fil
threads-close = Fermer le fil
threads-reopen = Rouvrir le fil
threads-closed-no-reply = Ce fil est fermé : plus de nouvelles réponses.

## Versions
threads-versions = Versions du contexte
threads-versions-heading = Versions du contexte de « { $title } »
threads-version = Version { $number }
threads-version-by = Par { $name }, le { $date }
threads-back = Retour au fil

## Errors
threads-error-title-empty = Donnez un titre au fil.
threads-error-title-long = Le titre doit faire 150 caractères au plus.
threads-error-context-long = Le contexte doit faire 20 000 caractères au plus.
threads-error-pin-title-empty = Donnez un titre à la réponse épinglée.
threads-error-pin-title-long = Le titre de l’épingle doit faire 100 caractères au plus.
threads-error-already-closed = Ce fil est déjà fermé.
threads-error-already-open = Ce fil est déjà ouvert.

## Timeline: pages, polls, reactions, moving a reply
threads-pages-top = Pages précédentes du fil
threads-pages-bottom = Pages suivantes du fil
threads-older = Réponses plus anciennes
threads-newer = Réponses plus récentes
threads-new-poll = Lancer un sondage dans ce fil
threads-poll-voters = { $count ->
    [one] 1 personne a voté
   *[other] { $count } personnes ont voté
}
threads-poll-closes-on = se termine le { $date }
threads-poll-closed-on = terminé le { $date }
threads-poll-vote = Voter
threads-decision = Décision
threads-reactions = Réactions
threads-react = Réagir
threads-react-title = Réagir à une réponse
threads-react-reply = La réponse
threads-reaction-thumbs_up = Pouce levé
threads-reaction-heart = Cœur
threads-reaction-smile = Sourire
threads-reaction-party = Bravo
threads-reaction-thinking = Réflexion
threads-reaction-eyes = Je regarde
threads-reaction-error-emoji = Choisissez une des réactions proposées.
threads-move = Déplacer une réponse vers un autre fil
threads-move-hint = La réponse part avec toutes les réponses qu’elle a reçues, et devient une réponse de l’autre fil.
threads-move-reply = Réponse à déplacer
threads-move-to = Vers le fil
threads-move-submit = Déplacer
threads-move-error-reply = Cette réponse n’appartient pas à ce fil.
threads-move-error-target = Choisissez un autre fil de cet espace.
threads-move-error-closed = Ce fil est fermé : il ne reçoit plus de réponses.

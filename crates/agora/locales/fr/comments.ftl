# Commentaires : la section que chaque page commentable intègre, et les formulaires.
comments-title = { $count ->
    [0] Commentaires
    [one] 1 commentaire
   *[other] { $count } commentaires
}
comments-new-label = Votre commentaire
comments-body-label = Commentaire
comments-body-hint = Markdown accepté ({ $max } caractères au plus).
comments-alignment-legend = Votre position
comments-alignment-in_favour = Pour
comments-alignment-neutral = Neutre
comments-alignment-against = Contre
comments-publish = Publier
comments-sign-in = Connectez-vous pour commenter
comments-none = Aucun commentaire pour l’instant. Donnez votre avis le premier ou la première.
comments-edited = modifié
comments-deleted = Commentaire supprimé par son auteur·rice.
comments-hidden = Commentaire masqué par la modération.
comments-vote-up = Utile ({ $count })
comments-vote-down = Pas utile ({ $count })
comments-votes = Utile : { $up } · Pas utile : { $down }
comments-edit = Modifier
comments-delete = Supprimer
comments-reply = Répondre
comments-reply-label = Votre réponse
comments-reply-publish = Publier la réponse
comments-pages = Pages de commentaires
comments-previous = Commentaires précédents
comments-next = Commentaires suivants
comments-page-of = Page { $page } sur { $pages }
comments-author-blocked = Participant·e bloqué·e
comments-author-deleted = Participant·e supprimé·e
comments-error-empty = Le commentaire est vide.
comments-error-long = Le commentaire est trop long : { $max } caractères au plus.
comments-new-title = Nouveau commentaire
comments-reply-title = Répondre à un commentaire
comments-replying-to = Le commentaire auquel vous répondez
comments-edit-title = Modifier votre commentaire
comments-history-title = Historique du commentaire
comments-history-current = Texte actuel
comments-history-version = Texte remplacé le { $date }
comments-back = Retour au commentaire
comments-more-replies = { $count ->
    [one] Une réponse de plus
   *[other] { $count } réponses de plus
}
comments-all-threads = Retour à tous les commentaires
comments-thread-page-of = Un fil de discussion : réponses, page { $page } sur { $pages }
comments-replies-pages = Pages de réponses
comments-previous-replies = Réponses précédentes
comments-next-replies = Réponses suivantes

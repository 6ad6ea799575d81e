# Notifications dans agora, suivis et le compteur de l’en-tête.
notifications-title = Notifications
notifications-none = Aucune notification.
notifications-read-all = Tout marquer comme lu
notifications-unread = Nouveau
notifications-mark-read = Marquer comme lu
nav-notifications = Notifications
nav-notifications-unread = { $count ->
    [one] { $count } non lue
   *[other] { $count } non lues
}
notification-new-comment = Nouveau commentaire sur « { $title } »
notification-proposal-answered = La proposition « { $title } » a reçu une réponse officielle.
notification-proposal-milestone = La proposition « { $title } » a atteint { $count } soutiens.
notification-proposal-successful = La proposition « { $title } » a atteint { $count } soutiens : elle est soutenue avec succès.
notification-new-amendment = Nouvel amendement proposé pour « { $title } »
notification-amendment-accepted = Un amendement a été accepté : la proposition s’intitule maintenant « { $title } ».
notification-amendment-rejected = Un amendement à « { $title } » a été refusé.

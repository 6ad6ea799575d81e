# Notificaciones.
notifications-title = Notificaciones
notifications-none = Ninguna notificación.
notifications-read-all = Marcar todas como leídas
notifications-unread = Nueva
notifications-mark-read = Marcar como leída
nav-notifications = Notificaciones
nav-notifications-unread = { $count ->
    [one] { $count } sin leer
   *[other] { $count } sin leer
}
notification-new-comment = Nuevo comentario en «{ $title }»
notification-proposal-answered = La propuesta «{ $title }» recibió una respuesta oficial.
notification-proposal-milestone = La propuesta «{ $title }» alcanzó { $count } apoyos.
notification-proposal-successful = La propuesta «{ $title }» alcanzó { $count } apoyos: ha tenido éxito.
notification-new-amendment = Nueva enmienda propuesta a «{ $title }»
notification-amendment-accepted = Se aceptó una enmienda: la propuesta ahora se titula «{ $title }».
notification-amendment-rejected = Se rechazó una enmienda a «{ $title }».

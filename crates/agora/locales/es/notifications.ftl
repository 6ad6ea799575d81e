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

# Menciones, correos de votaciones, resúmenes y baja.
notification-mentioned = { $name } te ha mencionado en «{ $space }»
notification-poll-opened = Tienes una votación abierta: «{ $title }»
notification-poll-closing = La votación «{ $title }» termina pronto y no has votado
notification-poll-outcome = Resultado publicado de la votación «{ $title }»
notify-poll-opened-body = En «{ $space }» puedes votar hasta el { $date }.
notify-poll-closing-body = Termina el { $date }. Aún no has votado: el enlace de abajo abre la votación.
notify-poll-outcome-body = La votación está cerrada y se ha publicado su resultado:
notify-digest-subject = { $count ->
    [one] Tu resumen de agora: 1 notificación
   *[other] Tu resumen de agora: { $count } notificaciones
}
notify-digest-intro = { $count ->
    [one] Una notificación desde tu último resumen:
   *[other] { $count } notificaciones desde tu último resumen:
}
notify-mail-footer-settings = Recibes este correo según tus preferencias de notificaciones. Para cambiarlas:
notify-mail-footer-unsubscribe = Para dejar de recibir correos de notificación (sin iniciar sesión):
notify-unsubscribe-title = Dejar de recibir correos de notificación
notify-unsubscribe-intro = Ya no recibirás correos de notificación (menciones, votaciones, resúmenes). Los correos de tu cuenta, como el cambio de contraseña, siguen llegando.
notify-unsubscribe-submit = Dejar de recibir correos de notificación
notify-unsubscribe-done = Hecho: ya no recibirás correos de notificación. Tus notificaciones en agora no cambian.
notify-unsubscribe-invalid = Este enlace de baja no es válido: puede que esté cortado o modificado. No se ha cambiado nada.
notify-unsubscribe-settings = Elegir tus preferencias de correo en la página de tu cuenta

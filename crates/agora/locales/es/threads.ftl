# threads — hilos de debate (textos para participantes; el resto cae en el idioma por defecto)
component-threads = Hilos de debate
threads-new = Abrir un hilo
threads-none = Todavía no hay hilos.
threads-by = Abierto por { $name }
threads-unread = { $count } nuevos
threads-closed = Cerrado
threads-open = Abierto
threads-context = Contexto
threads-jump-unread = Ir a la primera respuesta no leída
threads-outline = Índice
threads-closed-no-reply = Este hilo está cerrado: no admite nuevas respuestas.

## Timeline: pages, polls, reactions, moving a reply
threads-pages-top = Páginas anteriores del hilo
threads-pages-bottom = Páginas siguientes del hilo
threads-older = Respuestas más antiguas
threads-newer = Respuestas más recientes
threads-new-poll = Abrir una votación en este hilo
threads-poll-voters = { $count ->
    [one] 1 persona ha votado
   *[other] { $count } personas han votado
}
threads-poll-closes-on = se cierra el { $date }
threads-poll-closed-on = cerrada el { $date }
threads-poll-vote = Votar
threads-decision = Decisión
threads-reactions = Reacciones
threads-react = Reaccionar
threads-react-title = Reaccionar a una respuesta
threads-react-reply = La respuesta
threads-reaction-thumbs_up = Pulgar arriba
threads-reaction-heart = Corazón
threads-reaction-smile = Sonrisa
threads-reaction-party = Celebrar
threads-reaction-thinking = Pensando
threads-reaction-eyes = Lo sigo
threads-reaction-error-emoji = Elige una de las reacciones propuestas.
threads-move = Mover una respuesta a otro hilo
threads-move-hint = La respuesta se mueve con todas las respuestas que tiene debajo y pasa a ser una respuesta del otro hilo.
threads-move-reply = Respuesta que mover
threads-move-to = Al hilo
threads-move-submit = Mover
threads-move-error-reply = Esta respuesta no pertenece a este hilo.
threads-move-error-target = Elige otro hilo de este espacio.
threads-move-error-closed = Ese hilo está cerrado: no admite respuestas.

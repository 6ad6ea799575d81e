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

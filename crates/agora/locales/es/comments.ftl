# Comentarios: la sección que cada página comentable incluye, y los formularios.
comments-title = { $count ->
    [0] Comentarios
    [one] 1 comentario
   *[other] { $count } comentarios
}
comments-new-label = Tu comentario
comments-body-label = Comentario
comments-body-hint = Se admite Markdown (como máximo { $max } caracteres).
comments-alignment-legend = Tu posición
comments-alignment-in_favour = A favor
comments-alignment-neutral = Neutral
comments-alignment-against = En contra
comments-publish = Publicar
comments-sign-in = Inicia sesión para comentar
comments-none = Todavía no hay comentarios. Sé la primera persona en opinar.
comments-edited = editado
comments-deleted = Comentario eliminado por su autor/a.
comments-hidden = Comentario oculto por la moderación.
comments-vote-up = Útil ({ $count })
comments-vote-down = No útil ({ $count })
comments-votes = Útil: { $up } · No útil: { $down }
comments-edit = Editar
comments-delete = Eliminar
comments-reply = Responder
comments-reply-label = Tu respuesta
comments-reply-publish = Publicar la respuesta
comments-pages = Páginas de comentarios
comments-previous = Comentarios anteriores
comments-next = Comentarios siguientes
comments-page-of = Página { $page } de { $pages }
comments-author-blocked = Participante bloqueado/a
comments-author-deleted = Participante eliminado
comments-error-empty = El comentario está vacío.
comments-error-long = El comentario es demasiado largo: como máximo { $max } caracteres.
comments-new-title = Nuevo comentario
comments-reply-title = Responder a un comentario
comments-replying-to = El comentario al que respondes
comments-edit-title = Editar tu comentario
comments-history-title = Historial del comentario
comments-history-current = Texto actual
comments-history-version = Texto sustituido el { $date }
comments-back = Volver al comentario
comments-more-replies = { $count ->
    [one] Una respuesta más
   *[other] { $count } respuestas más
}
comments-all-threads = Volver a todos los comentarios
comments-thread-page-of = Un hilo de conversación: respuestas, página { $page } de { $pages }
comments-replies-pages = Páginas de respuestas
comments-previous-replies = Respuestas anteriores
comments-next-replies = Respuestas siguientes

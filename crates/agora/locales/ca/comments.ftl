# Comentaris: la secció que cada pàgina comentable inclou, i els formularis.
comments-title = { $count ->
    [0] Comentaris
    [one] 1 comentari
   *[other] { $count } comentaris
}
comments-new-label = El teu comentari
comments-body-label = Comentari
comments-body-hint = S’admet Markdown (com a màxim { $max } caràcters).
comments-alignment-legend = La teva posició
comments-alignment-in_favour = A favor
comments-alignment-neutral = Neutral
comments-alignment-against = En contra
comments-publish = Publica
comments-sign-in = Inicia la sessió per comentar
comments-none = Encara no hi ha comentaris. Sigues la primera persona a opinar.
comments-edited = editat
comments-deleted = Comentari eliminat pel seu autor/a.
comments-hidden = Comentari ocult per la moderació.
comments-vote-up = Útil ({ $count })
comments-vote-down = No útil ({ $count })
comments-votes = Útil: { $up } · No útil: { $down }
comments-edit = Edita
comments-delete = Elimina
comments-reply = Respon
comments-reply-label = La teva resposta
comments-reply-publish = Publica la resposta
comments-pages = Pàgines de comentaris
comments-previous = Comentaris anteriors
comments-next = Comentaris següents
comments-page-of = Pàgina { $page } de { $pages }
comments-author-blocked = Participant bloquejat/da
comments-author-deleted = Participant eliminat
comments-error-empty = El comentari és buit.
comments-error-long = El comentari és massa llarg: com a màxim { $max } caràcters.
comments-new-title = Comentari nou
comments-reply-title = Respon a un comentari
comments-replying-to = El comentari al qual respons
comments-edit-title = Edita el teu comentari
comments-history-title = Historial del comentari
comments-history-current = Text actual
comments-history-version = Text substituït el { $date }
comments-back = Torna al comentari
comments-more-replies = { $count ->
    [one] Una resposta més
   *[other] { $count } respostes més
}
comments-all-threads = Tornar a tots els comentaris
comments-thread-page-of = Un fil de conversa: respostes, pàgina { $page } de { $pages }
comments-replies-pages = Pàgines de respostes
comments-previous-replies = Respostes anteriors
comments-next-replies = Respostes següents

# threads — fils de debat (textos per a participants; la resta cau en l'idioma per defecte)
component-threads = Fils de debat
threads-new = Obrir un fil
threads-none = Encara no hi ha cap fil.
threads-by = Obert per { $name }
threads-unread = { $count } nous
threads-closed = Tancat
threads-open = Obert
threads-context = Context
threads-jump-unread = Anar a la primera resposta no llegida
threads-outline = Índex
threads-closed-no-reply = Aquest fil està tancat: no admet noves respostes.

## Timeline: pages, polls, reactions, moving a reply
threads-pages-top = Pàgines anteriors del fil
threads-pages-bottom = Pàgines següents del fil
threads-older = Respostes més antigues
threads-newer = Respostes més recents
threads-new-poll = Obrir una votació en aquest fil
threads-poll-voters = { $count ->
    [one] 1 persona ha votat
   *[other] { $count } persones han votat
}
threads-poll-closes-on = es tanca el { $date }
threads-poll-closed-on = tancada el { $date }
threads-poll-vote = Votar
threads-decision = Decisió
threads-reactions = Reaccions
threads-react = Reaccionar
threads-react-title = Reacciona a una resposta
threads-react-reply = La resposta
threads-reaction-thumbs_up = Polze amunt
threads-reaction-heart = Cor
threads-reaction-smile = Somriure
threads-reaction-party = Celebrar
threads-reaction-thinking = Pensant
threads-reaction-eyes = Ho segueixo
threads-reaction-error-emoji = Tria una de les reaccions proposades.
threads-move = Moure una resposta a un altre fil
threads-move-hint = La resposta es mou amb totes les respostes que té a sota i passa a ser una resposta de l’altre fil.
threads-move-reply = Resposta a moure
threads-move-to = Al fil
threads-move-submit = Moure
threads-move-error-reply = Aquesta resposta no és d’aquest fil.
threads-move-error-target = Tria un altre fil d’aquest espai.
threads-move-error-closed = Aquest fil està tancat: no admet respostes.

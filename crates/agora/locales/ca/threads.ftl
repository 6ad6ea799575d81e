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

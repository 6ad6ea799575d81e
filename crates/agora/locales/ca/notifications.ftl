# Notificacions.
notifications-title = Notificacions
notifications-none = Cap notificació.
notifications-read-all = Marca-les totes com a llegides
notifications-unread = Nova
notifications-mark-read = Marca com a llegida
nav-notifications = Notificacions
nav-notifications-unread = { $count } sense llegir
notification-new-comment = Nou comentari a «{ $title }»
notification-proposal-answered = La proposta «{ $title }» ha rebut una resposta oficial.
notification-proposal-milestone = La proposta «{ $title }» ha arribat a { $count } suports.
notification-proposal-successful = La proposta «{ $title }» ha arribat a { $count } suports: ha tingut èxit.
notification-new-amendment = Nova esmena proposada a «{ $title }»
notification-amendment-accepted = S’ha acceptat una esmena: la proposta ara es titula «{ $title }».
notification-amendment-rejected = S’ha rebutjat una esmena a «{ $title }».

# Mencions, correus de votacions, resums i baixa.
notification-mentioned = { $name } t'ha mencionat a «{ $space }»
notification-poll-opened = Tens una votació oberta: «{ $title }»
notification-poll-closing = La votació «{ $title }» acaba aviat i no has votat
notification-poll-outcome = Resultat publicat de la votació «{ $title }»
notify-poll-opened-body = A «{ $space }» pots votar fins al { $date }.
notify-poll-closing-body = Acaba el { $date }. Encara no has votat: l'enllaç de sota obre la votació.
notify-poll-outcome-body = La votació està tancada i se n'ha publicat el resultat:
notify-digest-subject = { $count ->
    [one] El teu resum d'agora: 1 notificació
   *[other] El teu resum d'agora: { $count } notificacions
}
notify-digest-intro = { $count ->
    [one] Una notificació des del teu últim resum:
   *[other] { $count } notificacions des del teu últim resum:
}
notify-mail-footer-settings = Reps aquest correu segons les teves preferències de notificacions. Per canviar-les:
notify-mail-footer-unsubscribe = Per deixar de rebre correus de notificació (sense iniciar sessió):
notify-unsubscribe-title = Deixar de rebre correus de notificació
notify-unsubscribe-intro = Ja no rebràs correus de notificació (mencions, votacions, resums). Els correus del teu compte, com el canvi de contrasenya, continuen arribant.
notify-unsubscribe-submit = Deixar de rebre correus de notificació
notify-unsubscribe-done = Fet: ja no rebràs correus de notificació. Les teves notificacions a agora no canvien.
notify-unsubscribe-invalid = Aquest enllaç de baixa no és vàlid: potser està tallat o modificat. No s'ha canviat res.
notify-unsubscribe-settings = Tria les teves preferències de correu a la pàgina del teu compte

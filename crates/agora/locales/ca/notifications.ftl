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

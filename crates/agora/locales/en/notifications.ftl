# In-app notifications, follows and the header count.
notifications-title = Notifications
notifications-none = No notification.
notifications-read-all = Mark all as read
notifications-unread = New
notifications-mark-read = Mark as read
nav-notifications = Notifications
nav-notifications-unread = { $count } unread
notification-new-comment = New comment on “{ $title }”
notification-proposal-answered = The proposal “{ $title }” received an official answer.
notification-proposal-milestone = The proposal “{ $title }” reached { $count } supports.
notification-proposal-successful = The proposal “{ $title }” reached { $count } supports: it is successful.
notification-new-amendment = New amendment proposed to “{ $title }”
notification-amendment-accepted = An amendment was accepted: the proposal is now titled “{ $title }”.
notification-amendment-rejected = An amendment to “{ $title }” was rejected.

# Mentions, poll e-mails, digests and unsubscribing.
notification-mentioned = { $name } mentioned you in “{ $space }”
notification-poll-opened = A poll is open to you: “{ $title }”
notification-poll-closing = The poll “{ $title }” closes soon and you have not voted
notification-poll-outcome = Outcome published for the poll “{ $title }”
notify-poll-opened-body = In “{ $space }”, you may vote until { $date }.
notify-poll-closing-body = It closes on { $date }. You have not voted yet: the link below opens the poll.
notify-poll-outcome-body = The poll is closed and its outcome has been published:
notify-digest-subject = { $count ->
    [one] Your agora digest: 1 notification
   *[other] Your agora digest: { $count } notifications
}
notify-digest-intro = { $count ->
    [one] One notification since your last digest:
   *[other] { $count } notifications since your last digest:
}
notify-mail-footer-settings = You receive this e-mail because of your notification settings. To change them:
notify-mail-footer-unsubscribe = To stop all notification e-mails (no sign-in needed):
notify-unsubscribe-title = Stop notification e-mails
notify-unsubscribe-intro = You will no longer receive notification e-mails (mentions, polls, digests). Account e-mails, such as password resets, still come.
notify-unsubscribe-submit = Stop notification e-mails
notify-unsubscribe-done = Done: you will no longer receive notification e-mails. Your in-app notifications are unchanged.
notify-unsubscribe-invalid = This unsubscribe link is not valid: it may have been cut or altered. Nothing was changed.
notify-unsubscribe-settings = Choose your e-mail settings on your account page

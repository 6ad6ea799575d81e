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

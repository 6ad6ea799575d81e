# organizations — organisation administration, members, invitations

## Roles
org-role-admin = Administrator
org-role-member = Member

## Dates ("21 November 2026")
org-date = { $day } { $month_year }
org-month-year = { $month } { $year }
org-month-1 = January
org-month-2 = February
org-month-3 = March
org-month-4 = April
org-month-5 = May
org-month-6 = June
org-month-7 = July
org-month-8 = August
org-month-9 = September
org-month-10 = October
org-month-11 = November
org-month-12 = December

## Administration pages
org-admin-title = Administration
org-admin-nav = Organisation administration
org-admin-nav-settings = Settings
org-admin-nav-members = Members
org-admin-nav-invitations = Invitations
org-admin-settings-title = Organisation settings
org-admin-members-title = Members
org-admin-invitations-title = Invitations

## Notices after a change
org-notice-saved = The settings have been saved.
org-notice-created = The organisation has been created. You can now complete its settings.
org-notice-member-added = The person is now a member.
org-notice-role-changed = The role has been changed.
org-notice-member-removed = The person is no longer a member.
org-notice-invitation-sent = The invitation has been sent by e-mail.
org-notice-invitation-cancelled = The invitation has been cancelled: its link no longer works.

## Fields
org-field-name = Name
org-field-description = Description
org-field-description-hint = Shown on the organisation's page. You can use Markdown (**bold**, lists, links). Up to 5,000 characters.
org-field-available-locales = Languages offered to participants
org-field-default-locale = Default language
org-field-default-locale-hint = Used for visitors whose browser asks for none of the offered languages, and for invitation e-mails. It must be one of the offered languages.
org-field-time-zone = Time zone
org-field-time-zone-hint = Dates of phases and meetings are shown in this time zone. Use its IANA name, for example Europe/Paris or America/Montreal.
org-field-slug-fixed = The address of the organisation (/o/{ $slug }) does not change, so links to it keep working.
org-field-email = E-mail address
org-field-role = Role
org-field-slug = Address (slug)
org-field-slug-hint = Appears in links: /o/address. 2 to 60 lower-case letters, digits or dashes. It cannot be changed later.
org-field-admin-email = First administrator's e-mail address
org-field-admin-email-hint = The person must already have an account. They can then invite others.

## Errors
org-error-name-empty = Enter a name.
org-error-name-too-long = The name must be 120 characters or fewer.
org-error-description-too-long = The description must be 5,000 characters or fewer.
org-error-locales-empty = Offer at least one language.
org-error-locale-unknown = Choose among the languages listed.
org-error-default-not-available = The default language must be one of the offered languages.
org-error-time-zone = This is not a known time zone. Use an IANA name such as Europe/Paris.
org-error-email-empty = Enter an e-mail address.
org-error-email-invalid = Enter an e-mail address such as name@example.org.
org-error-no-account = No account uses this e-mail address. Send an invitation instead: the person will create their account from it.
org-error-already-member = This person is already a member. Change their role in the list of members.
org-error-role = Choose a role: member or administrator.
org-error-last-admin = { $name } is the only administrator of this organisation, so their role cannot be removed. Make someone else an administrator first.
org-error-slug = The address must be 2 to 60 lower-case letters, digits or dashes, and cannot start or end with a dash.
org-error-slug-taken = Another organisation already uses this address.

## Members
org-members-search = Search by name or e-mail
org-members-search-button = Search
org-members-none = No member matches.
org-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
org-members-name = Name
org-members-email = E-mail
org-members-role = Role
org-members-since = Member since
org-members-actions = Actions
org-members-you = you
org-members-role-of = Role of { $name }
org-members-change-role = Change role
org-members-remove = Remove…
org-members-pages = Pages of members
org-members-previous = Previous page
org-members-next = Next page
org-members-page-of = Page { $page } of { $pages }
org-members-add-title = Add an existing account
org-members-add-intro = The person becomes a member at once, without an e-mail. For someone without an account,
org-members-add-invite-instead = send an invitation.
org-members-add-button = Add as member

## Removing a member
org-remove-title = Remove { $name }?
org-remove-text = { $name } will no longer be a member of { $organization }, and their roles in its spaces (moderator, evaluator…) are removed as well.
org-remove-contributions = Their contributions stay. You can add them again later.
org-remove-button = Remove from the organisation

## Invitations (administration)
org-invite-title = Invite someone
org-invite-intro = The person receives an e-mail with a link, valid for { $days } days and usable once. They accept it with an account using the invited address (or create one). Inviting the same address again sends a new link and cancels the previous one.
org-invite-button = Send the invitation
org-invitations-open-title = Invitations not yet accepted
org-invitations-none = No pending invitation.
org-invitations-invited-by = Invited by
org-invitations-sent = Sent
org-invitations-status = Status
org-invitations-expires = Valid until { $date }
org-invitations-expired = Expired
org-invitations-cancel = Cancel

## Invitation page (participants)
org-invitation-title = Invitation to join { $organization }
org-invitation-role-admin = an administrator
org-invitation-role-member = a member
org-invitation-offer = You are invited to join { $organization } as { $role }.
org-invitation-sign-in-first = This invitation was sent to { $email }. Sign in with the account using this address to accept it, or create one if you do not have it yet.
org-invitation-sign-in = Sign in to accept
org-invitation-sign-up = Create an account
org-invitation-accept = Accept the invitation
org-invitation-other-account = This invitation was sent to { $invited }, but you are signed in as { $current }.
org-invitation-other-account-what-to-do = To accept it, sign out, then sign in with the account using { $invited }.
org-invitation-joined = Welcome! You are a member of { $organization }.
org-invitation-go = Go to { $organization }
org-invitation-used = This invitation has already been used.
org-invitation-expired = This invitation has expired. Ask an administrator of { $organization } to invite you again.
org-invitation-invalid-title = This invitation link is not valid
org-invitation-invalid-text = It may have been cancelled, or replaced by a newer invitation. Ask the organisation's administrators to invite you again.

## Invitation e-mail
org-invitation-email-subject = Invitation to join { $organization }
org-invitation-email-intro = { $inviter } invites you to join { $organization } on agora.
org-invitation-email-intro-anonymous = You are invited to join { $organization } on agora.
org-invitation-email-role-admin = You are invited as an administrator: you will be able to manage the organisation and its members.
org-invitation-email-role-member = You are invited as a member.
org-invitation-email-accept = To accept, open this link and sign in (or create an account) with this e-mail address:
org-invitation-email-validity = The link is valid for { $days } days and can be used once.
org-invitation-email-ignore = If you did not expect this invitation, you can ignore this e-mail.

## New organisation (instance administrators)
org-new-title = New organisation
org-new-intro = Create an organisation and choose its first administrator. They complete its settings and invite its members.
org-new-button = Create the organisation

# accounts: sign up, confirm, sign in, password, my account, sessions, API tokens

## Fields
accounts-field-name = Name
accounts-field-email = E-mail address
accounts-field-password = Password
accounts-field-new-password = New password
accounts-field-current-password = Current password
accounts-field-confirm-password = Your password, to confirm
accounts-field-locale = Language
accounts-field-accept-terms = I accept the terms of use of this platform.
accounts-password-hint = At least 10 characters; a sentence you will remember works well.
accounts-locale-automatic = Automatic (my browser’s language)
accounts-actions = Actions

## Errors
accounts-error-name-empty = Enter your name.
accounts-error-name-too-long = Your name can have at most 100 characters.
accounts-error-name-invalid = This contains characters that are not allowed.
accounts-error-email-empty = Enter your e-mail address.
accounts-error-email-too-long = An e-mail address can have at most 254 characters.
accounts-error-email-invalid = Enter an e-mail address such as name@example.org.
accounts-error-password-empty = Enter your password.
accounts-error-password-too-short = Your password needs at least 10 characters.
accounts-error-password-too-long = Your password can have at most 200 characters.
accounts-error-password-is-email = Your password must not be your e-mail address.
accounts-error-terms = You need to accept the terms of use to create an account.
accounts-error-sign-in-failed = This e-mail address and password do not match an account.
accounts-error-not-confirmed = Your e-mail address is not confirmed yet. Follow the link we sent you by e-mail.
accounts-error-blocked = Your account is blocked. Contact the administrators of the platform if you think this is a mistake.
accounts-error-current-password = This is not your current password.
accounts-error-locale = Choose one of the languages in the list.
accounts-error-token-name-empty = Give the token a name.
accounts-error-token-name-too-long = The name can have at most 100 characters.

## Sign up
accounts-sign-up-title = Create an account
accounts-sign-up-submit = Create my account
accounts-sign-up-have-account = Already have an account?
accounts-sign-up-link = Create an account
accounts-check-email-title = Check your e-mail
accounts-check-email-sign-up = We sent you an e-mail. Follow the link inside to confirm your address and start participating. The link is valid for 48 hours.
accounts-check-email-confirm = If an account with this address is waiting for confirmation, we sent it a new link. The link is valid for 48 hours.
accounts-check-email-reset = If an account exists with this address, we sent it a link to choose a new password. The link is valid for one hour.
accounts-check-email-spam = Nothing after a few minutes? Look in your spam folder.
accounts-link-invalid-title = This link no longer works
accounts-link-invalid-text = The link is unknown, has already been used, or has expired. Nothing was changed.
accounts-link-invalid-confirm = If your address is already confirmed, just sign in. Otherwise, sign in to get a new link.
accounts-link-invalid-reset = Ask for a new link

## Sign in
accounts-sign-in-title = Sign in
accounts-sign-in-submit = Sign in
accounts-sign-in-link = Sign in
accounts-sign-in-no-account = No account yet?
accounts-forgot-link = Forgot your password?
accounts-resend-text = Did not get the e-mail, or the link expired?
accounts-resend-submit = Send me a new confirmation link
accounts-notice-signed-out = You are signed out.
accounts-notice-password-reset = Your password was changed. Sign in with your new password.

## Forgotten password
accounts-forgot-title = Forgotten password
accounts-forgot-intro = Enter the e-mail address of your account: we will send you a link to choose a new password.
accounts-forgot-submit = Send me a link
accounts-reset-title = Choose a new password
accounts-reset-submit = Change my password

## My account
accounts-account-title = My account
accounts-account-nav = My account
accounts-account-signed-in-as = Signed in as { $email }.
accounts-back-to-account = Back to my account
accounts-profile-title = Name and language
accounts-change-password-title = Change my password
accounts-change-password-intro = Your other sessions will be signed out.
accounts-change-password-submit = Change my password
accounts-delete-title = Delete my account
accounts-delete-intro = Your name, e-mail address, password, sessions, memberships, notifications and follows are erased. What you contributed stays, shown as by a “deleted participant”, and your supports and votes stay counted. This cannot be undone.
accounts-delete-submit = Delete my account
accounts-deleted-title = Your account is deleted
accounts-deleted-text = Your personal data has been removed. Thank you for having participated.
accounts-notice-confirmed = Your e-mail address is confirmed and you are signed in. Welcome!
accounts-notice-profile-saved = Your changes are saved.
accounts-notice-password-changed = Your password was changed; your other sessions were signed out.

## Sessions
accounts-sessions-title = My sessions
accounts-sessions-intro = The browsers and devices signed in to your account. Sign out those you do not recognise, then change your password.
accounts-sessions-empty = No session.
accounts-sessions-device = Browser
accounts-sessions-ip = IP address
accounts-sessions-created = Created
accounts-sessions-last-seen = Last seen
accounts-sessions-this-device = this device
accounts-sessions-unknown-device = Unknown browser
accounts-sessions-revoke = Sign out this session
accounts-sessions-revoke-current = Sign out here
accounts-notice-session-revoked = The session was signed out.

## API tokens
accounts-tokens-title = My API tokens
accounts-tokens-intro = A personal API token lets a program act as you through the agora API (header “Authorization: Bearer” followed by the token). Keep it secret.
accounts-tokens-empty = You have no API token.
accounts-tokens-name = Name
accounts-tokens-name-hint = To remember what it is for, e.g. “my script”.
accounts-tokens-last-used = Last used
accounts-tokens-never-used = Never
accounts-tokens-revoke = Revoke
accounts-tokens-create-title = Create a token
accounts-tokens-create-submit = Create the token
accounts-tokens-created = Here is your new token. Copy it now: it will not be shown again.
accounts-tokens-new-label = New token
accounts-notice-token-revoked = The token was revoked and no longer works.

## E-mails
accounts-mail-greeting = Hello { $name },
accounts-mail-signature = — agora
accounts-mail-not-you = If you did not ask for this, ignore this e-mail.
accounts-mail-confirm-subject = Confirm your e-mail address
accounts-mail-confirm-intro = Welcome to agora! To confirm your e-mail address and sign in, open this link:
accounts-mail-confirm-expiry = The link is valid for 48 hours and works once.
accounts-mail-exists-subject = You already have an account
accounts-mail-exists-intro = Someone (probably you) tried to create an account with this e-mail address, but you already have one.
accounts-mail-exists-sign-in = To sign in:
accounts-mail-exists-forgot = If you forgot your password, choose a new one here:
accounts-mail-reset-subject = Choose a new password
accounts-mail-reset-intro = To choose a new password, open this link:
accounts-mail-reset-expiry = The link is valid for one hour and works once. All your sessions will be signed out.
accounts-mail-reset-not-you = If you did not ask for this, ignore this e-mail: your password stays the same.
accounts-error-last-admin = You are the only administrator of { $organizations }. Make someone else administrator there before deleting your account.
accounts-my-data-title = My data
accounts-my-data-intro = Download everything agora holds about you: a ZIP file with one JSON document and one CSV file per kind of record (account, sessions, proposals, comments, supports, votes...). Your ballots in anonymous polls are not in it: by design, nothing links them to you.
accounts-my-data-submit = Download my data (ZIP)

# Nicknames (@mentions) and e-mail notifications.
accounts-field-nickname = Nickname
accounts-nickname-hint = Others mention you with @ and your nickname: 2 to 30 lower-case letters, digits or _.
accounts-error-nickname-length = A nickname has 2 to 30 characters.
accounts-error-nickname-chars = A nickname has only lower-case letters without accents, digits and _.
accounts-error-nickname-reserved = This nickname is reserved: choose another one.
accounts-error-nickname-taken = Someone already has this nickname: choose another one.
accounts-profile-nickname = Mentioned as @{ $nickname }
accounts-email-setting-title = Notifications by e-mail
accounts-email-setting-legend = Send me my notifications (mentions, polls) by e-mail
accounts-email-setting-instant = At once, one e-mail each
accounts-email-setting-digest = Once a day, in a digest
accounts-email-setting-off = Never
accounts-notice-email-setting-saved = Your e-mail notification setting was saved.
accounts-error-email-setting = Choose one of the options.

# organizations — pàgina d'invitació i correu d'invitació (les pàgines d'administració fan servir l'anglès)

org-role-admin = Administrador/a
org-role-member = Membre

org-date = { $day } { $month_year }
org-month-year = { $month } de { $year }
org-month-1 = de gener
org-month-2 = de febrer
org-month-3 = de març
org-month-4 = d'abril
org-month-5 = de maig
org-month-6 = de juny
org-month-7 = de juliol
org-month-8 = d'agost
org-month-9 = de setembre
org-month-10 = d'octubre
org-month-11 = de novembre
org-month-12 = de desembre

## Pàgina d'invitació
org-invitation-title = Invitació per unir-se a { $organization }
org-invitation-role-admin = administrador/a
org-invitation-role-member = membre
org-invitation-offer = Et conviden a unir-te a { $organization } com a { $role }.
org-invitation-sign-in-first = Aquesta invitació s'ha enviat a { $email }. Inicia la sessió amb el compte que fa servir aquesta adreça per acceptar-la, o crea'n un si encara no en tens.
org-invitation-sign-in = Inicia la sessió per acceptar
org-invitation-sign-up = Crea un compte
org-invitation-accept = Accepta la invitació
org-invitation-other-account = Aquesta invitació s'ha enviat a { $invited }, però has iniciat la sessió com a { $current }.
org-invitation-other-account-what-to-do = Per acceptar-la, tanca la sessió i torna-la a iniciar amb el compte que fa servir { $invited }.
org-invitation-joined = Benvingut/da! Ets membre de { $organization }.
org-invitation-go = Vés a { $organization }
org-invitation-used = Aquesta invitació ja s'ha fet servir.
org-invitation-expired = Aquesta invitació ha caducat. Demana a una persona administradora de { $organization } que et torni a convidar.
org-invitation-invalid-title = Aquest enllaç d'invitació no és vàlid
org-invitation-invalid-text = Potser s'ha cancel·lat o s'ha substituït per una invitació més recent. Demana a les persones administradores de l'organització que et tornin a convidar.

## Correu d'invitació
org-invitation-email-subject = Invitació per unir-se a { $organization }
org-invitation-email-intro = { $inviter } et convida a unir-te a { $organization } a agora.
org-invitation-email-intro-anonymous = Et conviden a unir-te a { $organization } a agora.
org-invitation-email-role-admin = Et conviden com a administrador/a: podràs gestionar l'organització i els seus membres.
org-invitation-email-role-member = Et conviden com a membre.
org-invitation-email-accept = Per acceptar, obre aquest enllaç i inicia la sessió (o crea un compte) amb aquesta adreça de correu:
org-invitation-email-validity = L'enllaç és vàlid durant { $days } dies i només es pot fer servir una vegada.
org-invitation-email-ignore = Si no esperaves aquesta invitació, pots ignorar aquest correu.

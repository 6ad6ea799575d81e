# organizations — página de invitación y e-mail de invitación (las páginas de administración usan el inglés)

org-role-admin = Administrador/a
org-role-member = Miembro

org-date = { $day } de { $month_year }
org-month-year = { $month } de { $year }
org-month-1 = enero
org-month-2 = febrero
org-month-3 = marzo
org-month-4 = abril
org-month-5 = mayo
org-month-6 = junio
org-month-7 = julio
org-month-8 = agosto
org-month-9 = septiembre
org-month-10 = octubre
org-month-11 = noviembre
org-month-12 = diciembre

## Página de invitación
org-invitation-title = Invitación a unirse a { $organization }
org-invitation-role-admin = administrador/a
org-invitation-role-member = miembro
org-invitation-offer = Te invitan a unirte a { $organization } como { $role }.
org-invitation-sign-in-first = Esta invitación se envió a { $email }. Inicia sesión con la cuenta que usa esta dirección para aceptarla, o crea una si todavía no la tienes.
org-invitation-sign-in = Iniciar sesión para aceptar
org-invitation-sign-up = Crear una cuenta
org-invitation-accept = Aceptar la invitación
org-invitation-other-account = Esta invitación se envió a { $invited }, pero has iniciado sesión como { $current }.
org-invitation-other-account-what-to-do = Para aceptarla, cierra la sesión y vuelve a iniciarla con la cuenta que usa { $invited }.
org-invitation-joined = ¡Bienvenido/a! Eres miembro de { $organization }.
org-invitation-go = Ir a { $organization }
org-invitation-used = Esta invitación ya se ha utilizado.
org-invitation-expired = Esta invitación ha caducado. Pide a una persona administradora de { $organization } que te invite de nuevo.
org-invitation-invalid-title = Este enlace de invitación no es válido
org-invitation-invalid-text = Puede que se haya cancelado o sustituido por una invitación más reciente. Pide a las personas administradoras de la organización que te inviten de nuevo.

## E-mail de invitación
org-invitation-email-subject = Invitación a unirse a { $organization }
org-invitation-email-intro = { $inviter } te invita a unirte a { $organization } en agora.
org-invitation-email-intro-anonymous = Te invitan a unirte a { $organization } en agora.
org-invitation-email-role-admin = Te invitan como administrador/a: podrás gestionar la organización y sus miembros.
org-invitation-email-role-member = Te invitan como miembro.
org-invitation-email-accept = Para aceptar, abre este enlace e inicia sesión (o crea una cuenta) con esta dirección de e-mail:
org-invitation-email-validity = El enlace es válido durante { $days } días y solo se puede usar una vez.
org-invitation-email-ignore = Si no esperabas esta invitación, puedes ignorar este e-mail.

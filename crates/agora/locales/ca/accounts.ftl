# accounts: registre, confirmació, accés, contrasenya, el meu compte, sessions, tokens d'API

## Camps
accounts-field-name = Nom
accounts-field-email = Correu electrònic
accounts-field-password = Contrasenya
accounts-field-new-password = Contrasenya nova
accounts-field-current-password = Contrasenya actual
accounts-field-confirm-password = La teva contrasenya, per confirmar
accounts-field-locale = Llengua
accounts-field-accept-terms = Accepto les condicions d’ús d’aquesta plataforma.
accounts-password-hint = Almenys 10 caràcters; una frase que recordis funciona bé.
accounts-locale-automatic = Automàtica (la llengua del meu navegador)
accounts-actions = Accions

## Errors
accounts-error-name-empty = Escriu el teu nom.
accounts-error-name-too-long = El teu nom pot tenir com a màxim 100 caràcters.
accounts-error-name-invalid = Conté caràcters no permesos.
accounts-error-email-empty = Escriu el teu correu electrònic.
accounts-error-email-too-long = Un correu electrònic pot tenir com a màxim 254 caràcters.
accounts-error-email-invalid = Escriu un correu electrònic com ara nom@exemple.cat.
accounts-error-password-empty = Escriu la teva contrasenya.
accounts-error-password-too-short = La teva contrasenya necessita almenys 10 caràcters.
accounts-error-password-too-long = La teva contrasenya pot tenir com a màxim 200 caràcters.
accounts-error-password-is-email = La teva contrasenya no pot ser el teu correu electrònic.
accounts-error-terms = Has d’acceptar les condicions d’ús per crear un compte.
accounts-error-sign-in-failed = Aquest correu electrònic i aquesta contrasenya no corresponen a cap compte.
accounts-error-not-confirmed = El teu correu electrònic encara no està confirmat. Segueix l’enllaç que t’hem enviat per correu.
accounts-error-blocked = El teu compte està bloquejat. Contacta amb qui administra la plataforma si creus que és un error.
accounts-error-current-password = Aquesta no és la teva contrasenya actual.
accounts-error-locale = Tria una de les llengües de la llista.
accounts-error-token-name-empty = Posa un nom al token.
accounts-error-token-name-too-long = El nom pot tenir com a màxim 100 caràcters.

## Registre
accounts-sign-up-title = Crear un compte
accounts-sign-up-submit = Crear el meu compte
accounts-sign-up-have-account = Ja tens un compte?
accounts-sign-up-link = Crear un compte
accounts-check-email-title = Revisa el teu correu
accounts-check-email-sign-up = T’hem enviat un correu. Segueix l’enllaç que conté per confirmar la teva adreça i començar a participar. L’enllaç és vàlid durant 48 hores.
accounts-check-email-confirm = Si un compte amb aquesta adreça està pendent de confirmació, li hem enviat un enllaç nou. L’enllaç és vàlid durant 48 hores.
accounts-check-email-reset = Si existeix un compte amb aquesta adreça, li hem enviat un enllaç per triar una contrasenya nova. L’enllaç és vàlid durant una hora.
accounts-check-email-spam = Res després d’uns minuts? Mira a la carpeta de correu brossa.
accounts-link-invalid-title = Aquest enllaç ja no funciona
accounts-link-invalid-text = L’enllaç és desconegut, ja s’ha fet servir o ha caducat. No s’ha canviat res.
accounts-link-invalid-confirm = Si la teva adreça ja està confirmada, simplement accedeix. Si no, accedeix per rebre un enllaç nou.
accounts-link-invalid-reset = Demanar un enllaç nou

## Accés
accounts-sign-in-title = Accedir
accounts-sign-in-submit = Accedir
accounts-sign-in-link = Accedir
accounts-sign-in-no-account = Encara no tens compte?
accounts-forgot-link = Has oblidat la contrasenya?
accounts-resend-text = No has rebut el correu, o l’enllaç ha caducat?
accounts-resend-submit = Envia’m un enllaç de confirmació nou
accounts-notice-signed-out = Has tancat la sessió.
accounts-notice-password-reset = La teva contrasenya ha canviat. Accedeix amb la contrasenya nova.

## Contrasenya oblidada
accounts-forgot-title = Contrasenya oblidada
accounts-forgot-intro = Escriu el correu electrònic del teu compte: t’enviarem un enllaç per triar una contrasenya nova.
accounts-forgot-submit = Envia’m un enllaç
accounts-reset-title = Triar una contrasenya nova
accounts-reset-submit = Canviar la meva contrasenya

## El meu compte
accounts-account-title = El meu compte
accounts-account-nav = El meu compte
accounts-account-signed-in-as = Has accedit com a { $email }.
accounts-back-to-account = Tornar al meu compte
accounts-profile-title = Nom i llengua
accounts-change-password-title = Canviar la meva contrasenya
accounts-change-password-intro = Es tancaran les teves altres sessions.
accounts-change-password-submit = Canviar la meva contrasenya
accounts-delete-title = Eliminar el meu compte
accounts-delete-intro = S’esborren el teu nom, el teu correu electrònic, la teva contrasenya, les teves sessions, les teves pertinences, les teves notificacions i el que segueixes. Les teves contribucions es mantenen, mostrades com d’un «participant eliminat», i els teus suports i vots continuen comptant. No es pot desfer.
accounts-delete-submit = Eliminar el meu compte
accounts-deleted-title = El teu compte s’ha eliminat
accounts-deleted-text = Les teves dades personals s’han esborrat. Gràcies per haver participat.
accounts-notice-confirmed = El teu correu electrònic està confirmat i has accedit. Et donem la benvinguda!
accounts-notice-profile-saved = Els teus canvis s’han desat.
accounts-notice-password-changed = La teva contrasenya ha canviat; s’han tancat les teves altres sessions.

## Sessions
accounts-sessions-title = Les meves sessions
accounts-sessions-intro = Els navegadors i dispositius connectats al teu compte. Tanca les sessions que no reconeguis i després canvia la contrasenya.
accounts-sessions-empty = Cap sessió.
accounts-sessions-device = Navegador
accounts-sessions-ip = Adreça IP
accounts-sessions-created = Creada
accounts-sessions-last-seen = Darrera activitat
accounts-sessions-this-device = aquest dispositiu
accounts-sessions-unknown-device = Navegador desconegut
accounts-sessions-revoke = Tancar aquesta sessió
accounts-sessions-revoke-current = Tancar la sessió aquí
accounts-notice-session-revoked = La sessió s’ha tancat.

## Tokens d'API
accounts-tokens-title = Els meus tokens d’API
accounts-tokens-intro = Un token d’API personal permet que un programa actuï en nom teu mitjançant l’API d’agora (capçalera «Authorization: Bearer» seguida del token). Mantén-lo en secret.
accounts-tokens-empty = No tens cap token d’API.
accounts-tokens-name = Nom
accounts-tokens-name-hint = Per recordar per a què serveix, per exemple «el meu script».
accounts-tokens-last-used = Darrer ús
accounts-tokens-never-used = Mai
accounts-tokens-revoke = Revocar
accounts-tokens-create-title = Crear un token
accounts-tokens-create-submit = Crear el token
accounts-tokens-created = Aquí tens el teu token nou. Copia’l ara: no es tornarà a mostrar.
accounts-tokens-new-label = Token nou
accounts-notice-token-revoked = El token s’ha revocat i ja no funciona.

## Correus
accounts-mail-greeting = Hola, { $name }:
accounts-mail-signature = — agora
accounts-mail-not-you = Si no ho has demanat tu, ignora aquest correu.
accounts-mail-confirm-subject = Confirma el teu correu electrònic
accounts-mail-confirm-intro = Et donem la benvinguda a agora! Per confirmar el teu correu electrònic i accedir, obre aquest enllaç:
accounts-mail-confirm-expiry = L’enllaç és vàlid durant 48 hores i funciona una sola vegada.
accounts-mail-exists-subject = Ja tens un compte
accounts-mail-exists-intro = Algú (probablement tu) ha intentat crear un compte amb aquest correu electrònic, però ja en tens un.
accounts-mail-exists-sign-in = Per accedir:
accounts-mail-exists-forgot = Si has oblidat la contrasenya, tria’n una de nova aquí:
accounts-mail-reset-subject = Tria una contrasenya nova
accounts-mail-reset-intro = Per triar una contrasenya nova, obre aquest enllaç:
accounts-mail-reset-expiry = L’enllaç és vàlid durant una hora i funciona una sola vegada. Es tancaran totes les teves sessions.
accounts-mail-reset-not-you = Si no ho has demanat tu, ignora aquest correu: la teva contrasenya continua sent la mateixa.
accounts-error-last-admin = Ets l'única persona administradora de { $organizations }. Nomena una altra persona administradora abans d'eliminar el teu compte.
accounts-my-data-title = Les meves dades
accounts-my-data-intro = Descarrega tot el que agora guarda sobre tu: un fitxer ZIP amb un document JSON i un fitxer CSV per tipus de registre (compte, sessions, propostes, comentaris, suports, vots…). Les teves paperetes de les enquestes anònimes no hi són: per disseny, res no les vincula amb tu.
accounts-my-data-submit = Descarregar les meves dades (ZIP)

# Sobrenoms (@mencions) i notificacions per correu electrònic.
accounts-field-nickname = Sobrenom
accounts-nickname-hint = Els altres et mencionen amb @ i el teu sobrenom: de 2 a 30 lletres minúscules, xifres o _.
accounts-error-nickname-length = Un sobrenom té de 2 a 30 caràcters.
accounts-error-nickname-chars = Un sobrenom només té lletres minúscules sense accents, xifres i _.
accounts-error-nickname-reserved = Aquest sobrenom està reservat: tria'n un altre.
accounts-error-nickname-taken = Algú ja té aquest sobrenom: tria'n un altre.
accounts-profile-nickname = Mencionat/ada com a @{ $nickname }
accounts-email-setting-title = Notificacions per correu electrònic
accounts-email-setting-legend = Envia'm les notificacions (mencions, votacions) per correu
accounts-email-setting-instant = De seguida, un correu per cadascuna
accounts-email-setting-digest = Un cop al dia, en un resum
accounts-email-setting-off = Mai
accounts-notice-email-setting-saved = S'ha desat la teva preferència de notificacions per correu.
accounts-error-email-setting = Tria una de les opcions.

# accounts: registro, confirmación, acceso, contraseña, mi cuenta, sesiones, tokens de API

## Campos
accounts-field-name = Nombre
accounts-field-email = Correo electrónico
accounts-field-password = Contraseña
accounts-field-new-password = Nueva contraseña
accounts-field-current-password = Contraseña actual
accounts-field-confirm-password = Tu contraseña, para confirmar
accounts-field-locale = Idioma
accounts-field-accept-terms = Acepto las condiciones de uso de esta plataforma.
accounts-password-hint = Al menos 10 caracteres; una frase que recuerdes funciona bien.
accounts-locale-automatic = Automático (el idioma de mi navegador)
accounts-actions = Acciones

## Errores
accounts-error-name-empty = Escribe tu nombre.
accounts-error-name-too-long = Tu nombre puede tener como máximo 100 caracteres.
accounts-error-name-invalid = Contiene caracteres no permitidos.
accounts-error-email-empty = Escribe tu correo electrónico.
accounts-error-email-too-long = Un correo electrónico puede tener como máximo 254 caracteres.
accounts-error-email-invalid = Escribe un correo electrónico como nombre@ejemplo.org.
accounts-error-password-empty = Escribe tu contraseña.
accounts-error-password-too-short = Tu contraseña necesita al menos 10 caracteres.
accounts-error-password-too-long = Tu contraseña puede tener como máximo 200 caracteres.
accounts-error-password-is-email = Tu contraseña no puede ser tu correo electrónico.
accounts-error-terms = Debes aceptar las condiciones de uso para crear una cuenta.
accounts-error-sign-in-failed = Este correo electrónico y esta contraseña no corresponden a ninguna cuenta.
accounts-error-not-confirmed = Tu correo electrónico aún no está confirmado. Sigue el enlace que te enviamos por correo.
accounts-error-blocked = Tu cuenta está bloqueada. Contacta con quienes administran la plataforma si crees que es un error.
accounts-error-current-password = Esta no es tu contraseña actual.
accounts-error-locale = Elige uno de los idiomas de la lista.
accounts-error-token-name-empty = Ponle un nombre al token.
accounts-error-token-name-too-long = El nombre puede tener como máximo 100 caracteres.

## Registro
accounts-sign-up-title = Crear una cuenta
accounts-sign-up-submit = Crear mi cuenta
accounts-sign-up-have-account = ¿Ya tienes una cuenta?
accounts-sign-up-link = Crear una cuenta
accounts-check-email-title = Revisa tu correo
accounts-check-email-sign-up = Te hemos enviado un correo. Sigue el enlace que contiene para confirmar tu dirección y empezar a participar. El enlace es válido durante 48 horas.
accounts-check-email-confirm = Si una cuenta con esta dirección está pendiente de confirmación, le hemos enviado un nuevo enlace. El enlace es válido durante 48 horas.
accounts-check-email-reset = Si existe una cuenta con esta dirección, le hemos enviado un enlace para elegir una nueva contraseña. El enlace es válido durante una hora.
accounts-check-email-spam = ¿Nada después de unos minutos? Mira en tu carpeta de correo no deseado.
accounts-link-invalid-title = Este enlace ya no funciona
accounts-link-invalid-text = El enlace es desconocido, ya se ha usado o ha caducado. No se ha cambiado nada.
accounts-link-invalid-confirm = Si tu dirección ya está confirmada, simplemente accede. Si no, accede para recibir un nuevo enlace.
accounts-link-invalid-reset = Pedir un nuevo enlace

## Acceso
accounts-sign-in-title = Acceder
accounts-sign-in-submit = Acceder
accounts-sign-in-link = Acceder
accounts-sign-in-no-account = ¿Todavía no tienes cuenta?
accounts-forgot-link = ¿Has olvidado tu contraseña?
accounts-resend-text = ¿No has recibido el correo, o el enlace ha caducado?
accounts-resend-submit = Enviarme un nuevo enlace de confirmación
accounts-notice-signed-out = Has cerrado la sesión.
accounts-notice-password-reset = Tu contraseña ha cambiado. Accede con tu nueva contraseña.

## Contraseña olvidada
accounts-forgot-title = Contraseña olvidada
accounts-forgot-intro = Escribe el correo electrónico de tu cuenta: te enviaremos un enlace para elegir una nueva contraseña.
accounts-forgot-submit = Enviarme un enlace
accounts-reset-title = Elegir una nueva contraseña
accounts-reset-submit = Cambiar mi contraseña

## Mi cuenta
accounts-account-title = Mi cuenta
accounts-account-nav = Mi cuenta
accounts-account-signed-in-as = Has accedido como { $email }.
accounts-back-to-account = Volver a mi cuenta
accounts-profile-title = Nombre e idioma
accounts-change-password-title = Cambiar mi contraseña
accounts-change-password-intro = Se cerrarán tus otras sesiones.
accounts-change-password-submit = Cambiar mi contraseña
accounts-delete-title = Eliminar mi cuenta
accounts-delete-intro = Se borran tu nombre, tu correo electrónico, tu contraseña, tus sesiones, tus membresías, tus notificaciones y lo que sigues. Tus contribuciones se mantienen, mostradas como de un «participante eliminado», y tus apoyos y votos siguen contando. No se puede deshacer.
accounts-delete-submit = Eliminar mi cuenta
accounts-deleted-title = Tu cuenta se ha eliminado
accounts-deleted-text = Tus datos personales se han borrado. Gracias por haber participado.
accounts-notice-confirmed = Tu correo electrónico está confirmado y has accedido. ¡Te damos la bienvenida!
accounts-notice-profile-saved = Tus cambios se han guardado.
accounts-notice-password-changed = Tu contraseña ha cambiado; se han cerrado tus otras sesiones.

## Sesiones
accounts-sessions-title = Mis sesiones
accounts-sessions-intro = Los navegadores y dispositivos conectados a tu cuenta. Cierra las sesiones que no reconozcas y después cambia tu contraseña.
accounts-sessions-empty = Ninguna sesión.
accounts-sessions-device = Navegador
accounts-sessions-ip = Dirección IP
accounts-sessions-created = Creada
accounts-sessions-last-seen = Última actividad
accounts-sessions-this-device = este dispositivo
accounts-sessions-unknown-device = Navegador desconocido
accounts-sessions-revoke = Cerrar esta sesión
accounts-sessions-revoke-current = Cerrar la sesión aquí
accounts-notice-session-revoked = La sesión se ha cerrado.

## Tokens de API
accounts-tokens-title = Mis tokens de API
accounts-tokens-intro = Un token de API personal permite que un programa actúe en tu nombre mediante la API de agora (cabecera «Authorization: Bearer» seguida del token). Mantenlo en secreto.
accounts-tokens-empty = No tienes ningún token de API.
accounts-tokens-name = Nombre
accounts-tokens-name-hint = Para recordar para qué sirve, por ejemplo «mi script».
accounts-tokens-last-used = Último uso
accounts-tokens-never-used = Nunca
accounts-tokens-revoke = Revocar
accounts-tokens-create-title = Crear un token
accounts-tokens-create-submit = Crear el token
accounts-tokens-created = Este es tu nuevo token. Cópialo ahora: no se volverá a mostrar.
accounts-tokens-new-label = Nuevo token
accounts-notice-token-revoked = El token se ha revocado y ya no funciona.

## Correos
accounts-mail-greeting = Hola, { $name }:
accounts-mail-signature = — agora
accounts-mail-not-you = Si no lo has pedido tú, ignora este correo.
accounts-mail-confirm-subject = Confirma tu correo electrónico
accounts-mail-confirm-intro = ¡Te damos la bienvenida a agora! Para confirmar tu correo electrónico y acceder, abre este enlace:
accounts-mail-confirm-expiry = El enlace es válido durante 48 horas y funciona una sola vez.
accounts-mail-exists-subject = Ya tienes una cuenta
accounts-mail-exists-intro = Alguien (probablemente tú) ha intentado crear una cuenta con este correo electrónico, pero ya tienes una.
accounts-mail-exists-sign-in = Para acceder:
accounts-mail-exists-forgot = Si has olvidado tu contraseña, elige una nueva aquí:
accounts-mail-reset-subject = Elige una nueva contraseña
accounts-mail-reset-intro = Para elegir una nueva contraseña, abre este enlace:
accounts-mail-reset-expiry = El enlace es válido durante una hora y funciona una sola vez. Se cerrarán todas tus sesiones.
accounts-mail-reset-not-you = Si no lo has pedido tú, ignora este correo: tu contraseña sigue siendo la misma.
accounts-error-last-admin = Eres la única persona administradora de { $organizations }. Nombra a otra persona administradora antes de eliminar tu cuenta.
accounts-my-data-title = Mis datos
accounts-my-data-intro = Descarga todo lo que agora guarda sobre ti: un archivo ZIP con un documento JSON y un archivo CSV por tipo de registro (cuenta, sesiones, propuestas, comentarios, apoyos, votos…). Tus papeletas de las encuestas anónimas no están: por diseño, nada las vincula contigo.
accounts-my-data-submit = Descargar mis datos (ZIP)

# Apodos (@menciones) y notificaciones por correo electrónico.
accounts-field-nickname = Apodo
accounts-nickname-hint = Los demás te mencionan con @ y tu apodo: de 2 a 30 letras minúsculas, cifras o _.
accounts-error-nickname-length = Un apodo tiene de 2 a 30 caracteres.
accounts-error-nickname-chars = Un apodo solo tiene letras minúsculas sin acentos, cifras y _.
accounts-error-nickname-reserved = Este apodo está reservado: elige otro.
accounts-error-nickname-taken = Alguien ya tiene este apodo: elige otro.
accounts-profile-nickname = Mencionado/a como @{ $nickname }
accounts-email-setting-title = Notificaciones por correo electrónico
accounts-email-setting-legend = Enviarme mis notificaciones (menciones, votaciones) por correo
accounts-email-setting-instant = Enseguida, un correo por cada una
accounts-email-setting-digest = Una vez al día, en un resumen
accounts-email-setting-off = Nunca
accounts-notice-email-setting-saved = Se ha guardado tu preferencia de notificaciones por correo.
accounts-error-email-setting = Elige una de las opciones.

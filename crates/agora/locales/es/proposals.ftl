# proposals — páginas de participantes del componente de propuestas
component-proposals = Propuestas
proposals-new = Nueva propuesta
proposals-filters = Filtrar las propuestas
proposals-search = Buscar
proposals-filter-state = Estado
proposals-state-filter-published = No retiradas
proposals-state-filter-not_answered = Sin respuesta
proposals-state-filter-evaluating = En evaluación
proposals-state-filter-accepted = Aceptadas
proposals-state-filter-rejected = Rechazadas
proposals-state-filter-withdrawn = Retiradas
proposals-state-filter-all = Todas
proposals-order = Orden
proposals-order-random = Aleatorio
proposals-order-most_supported = Más apoyadas
proposals-order-most_commented = Más comentadas
proposals-order-recent = Más recientes
proposals-filter-mine = Mis propuestas
proposals-filter-successful = Solo las propuestas con éxito
proposals-apply = Aplicar
proposals-count = { $count ->
    [one] { $count } propuesta
   *[other] { $count } propuestas
}
proposals-none = Ninguna propuesta coincide.
proposals-by = Por { $name }, el { $date }
proposals-supports-count = { $count ->
    [one] { $count } apoyo
   *[other] { $count } apoyos
}
proposals-comments-count = { $count ->
    [one] { $count } comentario
   *[other] { $count } comentarios
}
proposals-successful = Con éxito
proposals-you-support = Apoyas esta propuesta
proposals-withdrawn = Retirada
proposals-answer-evaluating = En evaluación
proposals-answer-accepted = Aceptada
proposals-answer-rejected = Rechazada
proposals-answer-custom = Otro estado
proposals-pages = Páginas de propuestas
proposals-previous = Página anterior
proposals-next = Página siguiente
proposals-page-of = Página { $page } de { $pages }
proposals-supports-pending = Tus apoyos están pendientes: apoya { $missing } propuestas más para que cuenten (mínimo { $minimum }).
proposals-supports-left = Te quedan { $left } de { $limit } apoyos.
proposals-edit = Editar la propuesta
proposals-similar-title = Propuestas similares
proposals-similar-none = Ninguna propuesta existente parece similar. Puedes publicar la tuya.
proposals-similar-intro = Estas propuestas se parecen a la tuya. ¿Quizás prefieres apoyar una de ellas? Si no, publica la tuya.
proposals-field-title = Título
proposals-field-title-hint = Como máximo { $max } caracteres.
proposals-field-body = Tu propuesta
proposals-field-body-hint = Explica qué propones y por qué. Puedes usar Markdown (**negrita**, listas, enlaces). Como máximo { $max } caracteres.
proposals-field-address = Dirección (opcional)
proposals-publish = Publicar
proposals-check-again = Volver a buscar propuestas similares
proposals-continue = Continuar
proposals-error-title-empty = Dale un título a tu propuesta.
proposals-error-title-long = El título debe tener como máximo { $max } caracteres.
proposals-error-body-empty = Describe tu propuesta.
proposals-error-body-long = El texto debe tener como máximo { $max } caracteres.
proposals-error-address-long = La dirección debe tener como máximo { $max } caracteres.
proposals-error-proposal-limit = Has alcanzado el límite de { $limit } propuestas.
proposals-address = Dirección: { $address }
proposals-supports = Apoyos
proposals-support = Apoyar
proposals-unsupport = Retirar mi apoyo
proposals-support-sign-in = Se te pedirá que inicies sesión.
proposals-support-already = Ya apoyas esta propuesta.
proposals-support-limit = Has usado tus { $limit } apoyos. Retira uno para apoyar esta propuesta.
proposals-support-cap = Esta propuesta ha recibido todos los apoyos que puede recibir.
proposals-support-not-found = Esta propuesta no se puede apoyar (quizás ha sido retirada).
proposals-support-closed = Los apoyos no están abiertos en esta fase.
proposals-withdraw = Retirar la propuesta
proposals-versions-link = { $count ->
    [one] { $count } versión
   *[other] Ver las { $count } versiones
}
proposals-answer-title = Respuesta oficial
proposals-answer-cost-value = Coste: { $cost }
proposals-versions = Versiones
proposals-versions-heading = Versiones de «{ $title }»
proposals-back = Volver a la propuesta
proposals-version = Versión { $number }
proposals-diff-added = Añadido:
proposals-diff-removed = Eliminado:
proposals-hidden-title = Propuesta oculta
proposals-hidden = Esta propuesta fue ocultada por la moderación.
proposals-report = Denunciar esta propuesta
proposals-reported = Has denunciado esta propuesta. El equipo de moderación la revisará.
moderation-kind-proposal = Propuesta

## Seguir, adhesiones, enmiendas
proposals-setting-endorsements-enabled = Adhesiones abiertas
proposals-setting-amendments-enabled = Enmiendas abiertas
proposals-follow-title = Seguir esta propuesta
proposals-following = Sigues esta propuesta
proposals-followers = { $count ->
    [one] { $count } persona la sigue
   *[other] { $count } personas la siguen
}
proposals-follow = Seguir
proposals-unfollow = Dejar de seguir
proposals-follow-refused = Esta propuesta está oculta: ya no se puede seguir.
proposals-endorsements-count = { $count ->
    [one] { $count } adhesión
   *[other] { $count } adhesiones
}
proposals-endorsed-by = Adhesiones:
proposals-endorsers-more = { $count ->
    [one] y { $count } persona más
   *[other] y { $count } personas más
}
proposals-you-endorse = Te adhieres a esta propuesta
proposals-endorse = Adherirme
proposals-unendorse = Retirar mi adhesión
proposals-endorse-sign-in = Inicia sesión para adherirte a esta propuesta.
proposals-endorse-closed = Las adhesiones están cerradas en esta fase.
proposals-endorse-refused = Esta propuesta está retirada u oculta: ya no recibe adhesiones.
proposals-amendments = Enmiendas
proposals-amend = Proponer una enmienda
proposals-amend-heading = Enmendar «{ $title }»
proposals-amend-intro = Cambia el título y el texto: la autora o el autor de la propuesta verá tus cambios y podrá aceptarlos o rechazarlos.
proposals-amend-send = Enviar la enmienda
proposals-amend-unchanged = La enmienda no cambia el texto actual.
proposals-amend-refused = Esta propuesta no se puede enmendar (retirada, oculta o tuya).
proposals-amendment-by = Enmienda de { $name }, { $date }
proposals-amendment-state-pending = Pendiente
proposals-amendment-state-accepted = Aceptada
proposals-amendment-state-rejected = Rechazada
proposals-amendment-state-withdrawn = Retirada
proposals-amendment-diff = Cambios respecto al texto actual:
proposals-amendment-accept = Aceptar la enmienda
proposals-amendment-reject = Rechazar la enmienda
proposals-amendment-withdraw = Retirar mi enmienda
proposals-amendment-not-pending = Esta enmienda ya no está pendiente, o la propuesta ya no puede cambiar.
moderation-kind-amendment = Enmienda
proposals-amendment-report = Denunciar esta enmienda
proposals-amendment-hidden = Esta enmienda ha sido ocultada por la moderación.

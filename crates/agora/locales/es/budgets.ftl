# budgets — presupuestos participativos (páginas de participantes; la administración cae al inglés)
component-budgets = Presupuestos
budgets-status-upcoming = Votación aún no abierta
budgets-status-voting = Votación abierta
budgets-status-closed = Votación cerrada
budgets-rule-approval = Elige los proyectos que quieras, mientras quepan en { $total }.
budgets-rule-approval-minimum = Elige los proyectos que quieras, mientras quepan en { $total }; tu papeleta debe usar al menos el { $percent } %.
budgets-rule-choose = Elige entre { $min } y { $max } proyectos, sea cual sea su coste.
budgets-rule-choose-min = Elige al menos { $min } proyectos, sea cual sea su coste.
budgets-rule-points = Reparte { $points } puntos entre los proyectos, varios en uno si quieres.
budgets-rule-ranking = Ordena hasta { $max } proyectos, tu preferido primero.
budgets-none = Todavía no hay presupuestos.
budgets-total = Presupuesto: { $total }
budgets-voted = Has votado
budgets-workflow-one-note = Solo puedes votar en uno de estos presupuestos: el primero en el que añadas un proyecto.
budgets-basket = Mi papeleta
budgets-remaining = Queda: { $amount }
budgets-spent = Gastado: { $amount }
budgets-progress-projects = { $count ->
    [one] { $count } proyecto elegido
   *[other] { $count } proyectos elegidos
}
budgets-progress-points = { $used } de { $max } puntos dados
budgets-progress-ranked = { $count } de { $max } proyectos ordenados
budgets-basket-empty = Tu papeleta está vacía: añade proyectos de la lista.
budgets-sign-in = Inicia sesión para votar
budgets-not-eligible = No puedes votar en este espacio (solo sus miembros pueden).
budgets-other-budget = Ya estás votando en otro presupuesto de esta página; solo se puede votar en uno.
budgets-cast = Tu voto está registrado. ¡Gracias!
budgets-receipt = Tu comprobante:
budgets-receipt-hint = Guárdalo: prueba que tu papeleta se contó. No dice qué votaste.
budgets-checkout = Votar
budgets-checkout-hint = Una vez emitida, tu papeleta no se puede cambiar.
budgets-add = Añadir a mi papeleta
budgets-add-label = Añadir a mi papeleta: { $title }
budgets-remove = Quitar
budgets-remove-label = Quitar: { $title }
budgets-up = Subir
budgets-up-label = Subir: { $title }
budgets-down = Bajar
budgets-down-label = Bajar: { $title }
budgets-points-field = Puntos
budgets-points-save = Dar
budgets-points-count = { $count } puntos
budgets-on-ballot = En mi papeleta
budgets-too-expensive = Cuesta más de lo que queda.
budgets-projects-count = { $count ->
    [one] { $count } proyecto
   *[other] { $count } proyectos
}
budgets-projects-none = Todavía no hay proyectos.
budgets-cost = Coste: { $cost }
budgets-category = Categoría: { $category }
budgets-district = Distrito: { $district }
budgets-from-proposals = Viene de las propuestas
budgets-refusal-not-in-budget = El proyecto { $project } no es de este presupuesto.
budgets-refusal-duplicate = El proyecto { $project } ya está en tu papeleta.
budgets-refusal-over-budget = Estos proyectos cuestan { $cost }: más que el presupuesto de { $total }. Quita antes un proyecto.
budgets-refusal-too-many = Puedes elegir como máximo { $max } proyectos.
budgets-refusal-too-few = Elige al menos { $min } proyectos antes de votar.
budgets-refusal-minimum-spend = Tu papeleta debe usar al menos { $min } del presupuesto antes de votar.
budgets-refusal-not-positive = Los puntos son números enteros desde 1 (0 quita el proyecto), no { $value }.
budgets-refusal-too-many-points = Tienes { $max } puntos en total.
budgets-refusal-too-many-ranked = Puedes ordenar como máximo { $max } proyectos.
budgets-refusal-bad-ranking = Los puestos van 1, 2, 3 … sin huecos ni repeticiones.
budgets-refusal-empty = Tu papeleta está vacía.
budgets-refusal-checked-out = Ya votaste en este presupuesto: tu papeleta no puede cambiar.
budgets-refusal-other-budget = Solo se puede votar en un presupuesto, y ya empezaste en otro.
budgets-refusal-wrong-shape = Esta papeleta no corresponde a la regla del presupuesto ({ $rule }).
budgets-refusal-closed = La votación no está abierta ahora.

budgets-results = Resultados
budgets-results-of = Resultados: { $title }
budgets-result-rule = Los proyectos ganadores se eligieron por { $rule }.
budgets-result-rule-greedy = orden de votos
budgets-result-rule-mes-add1 = el método de partes iguales
budgets-result-rule-phragmen = el método de Phragmén
budgets-result-rule-max-supporters = el máximo de apoyos dentro del presupuesto
budgets-result-rule-greedy-threshold = orden de votos con un umbral
budgets-result-used = { $used } usados de { $total }.
budgets-result-represented = { $represented } de { $voters } votantes ven financiado al menos un proyecto que eligieron.
budgets-winners = { $count } proyectos financiados
budgets-supporters = { $count } votos
budgets-how = Cómo se eligieron los proyectos ganadores
budgets-explain-greedy = Los proyectos se ordenaron por número de votos, del más votado al menos. Bajando por la lista, cada proyecto se financió si aún cabía en lo que quedaba del presupuesto.
budgets-explain-greedy-skipped = { $count } proyectos se saltaron porque costaban más de lo que quedaba en su turno.
budgets-explain-mes = El presupuesto se repartió a partes iguales entre los { $voters } votantes: unos { $share } cada uno. Un proyecto se financió cuando sus apoyos podían pagarlo juntos con sus partes, lo más igualmente posible; cada vez, pasaba primero el proyecto que menos costaba por persona a sus apoyos.
budgets-explain-mes-completion = Cuando ya no se podía pagar ningún proyecto, la parte de cada uno se aumentó paso a paso, mientras el resultado cupiera en el presupuesto.
budgets-explain-phragmen = Cada votante ganaba dinero al mismo ritmo. En cuanto los apoyos de un proyecto reunían su coste, se financiaba y gastaban todo lo que tenían. Así hasta que el siguiente proyecto superara el presupuesto.
budgets-explain-max-supporters = Entre todos los conjuntos de proyectos que caben en el presupuesto, se eligió el que suma más votos: { $supports } votos, frente a { $greedy } por orden de votos.
budgets-explain-threshold = Un proyecto necesitaba al menos { $threshold } { $kind ->
    [points] puntos
   *[votes] votos
} para ser tenido en cuenta: el mínimo fijado por los organizadores antes de publicar.
budgets-explain-threshold-dropped = { $count ->
    [0] Todos los proyectos lo alcanzaron.
    [one] Un proyecto tenía menos y quedó fuera, costara lo que costara.
   *[other] { $count } proyectos tenían menos y quedaron fuera, costaran lo que costaran.
}
budgets-result-not-published = Los resultados aún no están publicados.

budgets-ballots-counted = Papeletas contadas: { $online } en línea, { $paper } en papel.
budgets-col-project = Proyecto
budgets-col-cost = Coste
budgets-col-online = En línea
budgets-col-paper = Papel
budgets-col-total = Total
budgets-refusal-not-verified = Solo las personas verificadas en el padrón pueden votar aquí: verifica primero tu identidad.
budgets-refusal-too-young = Debes tener al menos { $min } años para votar aquí.
budgets-refusal-not-assigned = Este no es el presupuesto que te corresponde: votas en el de tu distrito (o el sorteado para ti).
budgets-refusal-unfeasible = El proyecto { $project } se evaluó como no viable: no se puede votar.
budgets-verify-link = Verifica tu identidad
budgets-assigned = Votas en: { $title }.
budgets-feasible = Viable
budgets-unfeasible = No viable:

# Secret ballots and the ballot list
budgets-field-secret = Voto secreto
budgets-field-secret-hint = Quién votó se guarda aparte de lo que votó: nadie, ni siquiera la administración, puede saber qué eligió una persona. No se puede cambiar una vez emitida una papeleta.
budgets-receipt-secret-hint = Anótalo ahora: solo se muestra esta vez, agora no lo guarda con tu nombre. Cuando se publiquen los resultados, encuentra tu papeleta con este código en la lista de papeletas.
budgets-secret-cast = Tu papeleta es secreta: agora ya no sabe qué elegiste. Tu código de recibo se mostró una vez, al votar.
budgets-secret-note = Voto secreto: una vez emitida tu papeleta, lo que elegiste ya no está vinculado a ti.
budgets-ballot-list = Lista de papeletas
budgets-ballot-list-count = { $count ->
    [one] Una papeleta emitida.
   *[other] { $count } papeletas emitidas.
}
budgets-ballot-list-hint = Cada papeleta emitida con el hash SHA-256 de su código de recibo, sin votantes, en el orden de los hashes. Encuentra la tuya con tu código; cualquiera puede recontar con esta lista o con los datos abiertos.
budgets-ballot-list-check = Tu código de recibo
budgets-ballot-list-find = Encontrar mi papeleta
budgets-ballot-list-found = Tu papeleta está en la lista y se contó: aparece resaltada abajo.
budgets-ballot-list-not-found = Ninguna papeleta tiene este código de recibo. Comprueba el código tal como se te mostró.
budgets-ballot-list-page = Papeletas, página { $page } de { $pages }
budgets-ballot-list-pages = Páginas de la lista de papeletas
budgets-ballot-list-previous = Página anterior
budgets-ballot-list-next = Página siguiente
budgets-col-receipt-hash = Hash del recibo (SHA-256)
budgets-col-projects = Proyectos de la papeleta

budgets-threshold-label = Número mínimo de votos de un proyecto
budgets-threshold-hint = En puntos, para un presupuesto de puntos o de clasificación. Los proyectos con menos quedan fuera; los demás se financian por orden de votos.
budgets-threshold-preview = Vista previa
budgets-threshold-previewed = Con al menos { $threshold } votos:
budgets-threshold-missing = Indica el número mínimo de votos de un proyecto.
budgets-threshold-not-a-number = El número mínimo de votos debe ser un número entero, no «{ $text }».
budgets-threshold-negative = El número mínimo de votos no puede ser negativo: { $text }.
budgets-threshold-too-large = El número mínimo de votos no puede superar { $max }.

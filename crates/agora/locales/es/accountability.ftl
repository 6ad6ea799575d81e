# accountability — seguimiento (páginas de participantes; la administración cae al inglés)
component-accountability = Seguimiento de resultados
accountability-intro = Qué fue de las decisiones: cada resultado, en qué punto está y su calendario.
accountability-manage = Gestionar los resultados
accountability-overall = Avance global
accountability-percent = { $value } %
accountability-filter-status = Estado
accountability-filter-all = Todos los estados
accountability-filter-apply = Filtrar
accountability-none = Todavía no hay resultados.
accountability-results = Resultados
accountability-sub-count = { $count ->
    [one] { $count } subresultado
   *[other] { $count } subresultados
}
accountability-progress-of = Avance de «{ $title }»
accountability-part-of = Forma parte de: { $title }
accountability-status = Estado:
accountability-progress = Avance
accountability-progress-computed = (calculado a partir de sus subresultados)
accountability-edit = Editar
accountability-children = Subresultados
accountability-from-projects = Procede de los proyectos del presupuesto
accountability-from-proposals = Procede de las propuestas
accountability-timeline = Calendario
accountability-timeline-empty = Todavía no hay hitos.
accountability-dates = Del { $start } al { $end }
accountability-from = Desde el { $start }
accountability-until = Hasta el { $end }
accountability-see-what-happened = Ver qué se ha hecho

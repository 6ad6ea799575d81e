# accountability — seguiment (pàgines de participants; l'administració cau a l'anglès)
component-accountability = Seguiment dels resultats
accountability-intro = Què ha estat de les decisions: cada resultat, en quin punt és i el seu calendari.
accountability-manage = Gestionar els resultats
accountability-overall = Avanç global
accountability-percent = { $value } %
accountability-filter-status = Estat
accountability-filter-all = Tots els estats
accountability-filter-apply = Filtrar
accountability-none = Encara no hi ha resultats.
accountability-results = Resultats
accountability-sub-count = { $count ->
    [one] { $count } subresultat
   *[other] { $count } subresultats
}
accountability-progress-of = Avanç de «{ $title }»
accountability-part-of = Forma part de: { $title }
accountability-status = Estat:
accountability-progress = Avanç
accountability-progress-computed = (calculat a partir dels seus subresultats)
accountability-edit = Editar
accountability-children = Subresultats
accountability-from-projects = Prové dels projectes del pressupost
accountability-from-proposals = Prové de les propostes
accountability-timeline = Calendari
accountability-timeline-empty = Encara no hi ha fites.
accountability-dates = Del { $start } al { $end }
accountability-from = Des del { $start }
accountability-until = Fins al { $end }
accountability-see-what-happened = Veure què s'ha fet

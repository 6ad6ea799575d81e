opendata-title = Datos abiertos
opendata-intro = Todo lo público de esta organización, en archivos CSV dentro de un archivo ZIP con la descripción de cada columna, y las papeletas de las votaciones cerradas para que cualquiera pueda recontarlas.
opendata-download = Descargar los datos abiertos (ZIP)
opendata-activity-feed = Última actividad (canal Atom)
opendata-feed-poll-closed = Encuesta cerrada: { $title }
opendata-feed-budget-results = Resultados del presupuesto publicados: { $title }
opendata-feed-results-title = Resultados · { $space }

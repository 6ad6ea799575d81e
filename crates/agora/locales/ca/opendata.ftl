opendata-title = Dades obertes
opendata-intro = Tot el que és públic en aquesta organització, en fitxers CSV dins d’un arxiu ZIP amb la descripció de cada columna, i les paperetes de les votacions tancades perquè tothom les pugui recomptar.
opendata-download = Descarregar les dades obertes (ZIP)
opendata-activity-feed = Darrera activitat (canal Atom)
opendata-feed-poll-closed = Enquesta tancada: { $title }
opendata-feed-budget-results = Resultats del pressupost publicats: { $title }
opendata-feed-results-title = Resultats · { $space }

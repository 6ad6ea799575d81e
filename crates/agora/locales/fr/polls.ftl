# polls — la fonctionnalité sondages (pages des participant·e·s, formulaire de création, réglages)
component-polls = Sondages

## Réglages (administrateur·rice·s de l’espace)
polls-setting-poll-creation = Qui crée des sondages
polls-setting-poll-creation-participants = Chaque participant·e
polls-setting-poll-creation-admins = Les administrateur·rice·s de l’espace seulement
polls-setting-default-hide-results = Résultats des nouveaux sondages, par défaut
polls-setting-default-hide-results-off = Affichés tout de suite
polls-setting-default-hide-results-until_vote = Masqués jusqu’à votre vote
polls-setting-default-hide-results-until_closed = Masqués jusqu’à la clôture
polls-setting-default-anonymous = Les nouveaux sondages sont anonymes par défaut
polls-setting-creation-enabled = Les participant·e·s peuvent créer des sondages

## Mots
polls-date-time = { $date } à { $time }
polls-none-of-the-above = Aucune de ces réponses
polls-position-agree = D’accord
polls-position-abstain = Abstention
polls-position-disagree = Pas d’accord
polls-position-block = Bloquer
polls-consent-agree = Consentement
polls-consent-abstain = Abstention
polls-consent-block = Objection
polls-meeting-yes = Oui
polls-meeting-maybe = Peut-être
polls-meeting-no = Non
polls-type-proposal = Proposition
polls-type-single_choice = Choix unique
polls-type-multiple_choice = Choix multiple
polls-type-score = Notes
polls-type-ranked_choice = Classement
polls-type-dot_vote = Répartition de points
polls-type-majority_judgment = Jugement majoritaire
polls-type-meeting = Date de rencontre
polls-type-question = Question ouverte
polls-grade-0 = À rejeter
polls-grade-1 = Insuffisant
polls-grade-2 = Passable
polls-grade-3 = Assez bien
polls-grade-4 = Bien
polls-grade-5 = Très bien
polls-method-borda = Méthode de Borda
polls-method-irv = Vote alternatif (éliminations successives)
polls-method-schulze = Méthode de Schulze
polls-preset-proposal = D’accord / abstention / pas d’accord / bloquer
polls-preset-consent = Consentement / abstention / objection
polls-hide-off = Résultats affichés tout de suite
polls-hide-until_vote = Résultats masqués jusqu’à votre vote
polls-hide-until_closed = Résultats masqués jusqu’à la clôture
polls-reason-off = Sans justification
polls-reason-optional = Justification facultative
polls-reason-required = Justification obligatoire

## Liste
polls-new = Nouveau sondage
polls-none = Aucun sondage pour l’instant.
polls-status-draft = Brouillon
polls-status-open = Ouvert
polls-status-closed = Clos
polls-anonymous = Anonyme
polls-voters-count = { $count ->
    [one] { $count } votant·e
   *[other] { $count } votant·e·s
}
polls-closed-on = clos le { $date }
polls-closes-on = se termine le { $date }

## Formulaire de création et réglages
polls-field-type = Type de sondage
polls-field-title = Question ou titre
polls-field-details = Précisions (Markdown, facultatif)
polls-field-options = Options
polls-field-options-hint = Une par ligne (pour une date de rencontre : un créneau par ligne). Inutile pour une proposition ou une question ouverte.
polls-field-type-settings = Réglages de certains types
polls-field-preset = Proposition : les positions proposées
polls-field-min-choices = Choix multiple : nombre minimum de choix
polls-field-max-choices = Choix multiple : nombre maximum de choix (0 : sans limite)
polls-field-score-min = Notes : note la plus basse
polls-field-score-max = Notes : note la plus haute
polls-field-points = Répartition : points à répartir par votant·e
polls-field-method = Classement : méthode de dépouillement
polls-field-grades = Jugement majoritaire : les mentions, de la pire à la meilleure, une par ligne (vide : les six habituelles)
polls-field-none-of-the-above = Proposer « aucune de ces réponses » (choix unique, multiple, classement)
polls-field-shuffle = Présenter les options dans un ordre aléatoire à chaque votant·e
polls-field-privacy = Confidentialité et résultats
polls-field-anonymous = Anonyme : personne, administrateur·rice·s compris·es, ne peut voir qui a voté quoi
polls-field-anonymous-hint = Une fois activé, l’anonymat ne peut plus être retiré, et le sondage ne peut pas être rouvert après sa clôture.
polls-field-hide-results = Résultats
polls-field-hide-results-hint = Des résultats masqués ne pourront pas être dévoilés plus tôt par la suite.
polls-field-reason = Justifications
polls-field-reason-max = Longueur maximale d’une justification, en caractères
polls-field-closes-at = Date de clôture
polls-field-closes-at-hint = Heure de { $zone }. Obligatoire pour ouvrir le sondage.
polls-field-open = Ouvrir le sondage maintenant (sinon il reste un brouillon)
polls-create = Créer le sondage
polls-settings = Réglages du sondage

## Erreurs
polls-error-type = Choisissez un type de sondage.
polls-error-title-empty = Écrivez une question ou un titre.
polls-error-title-long = Le titre est trop long ({ $max } caractères au plus).
polls-error-details-long = Les précisions sont trop longues ({ $max } caractères au plus).
polls-error-options-few = Écrivez au moins deux options, une par ligne.
polls-error-options-many = Trop d’options ({ $max } au plus).
polls-error-option-long = Une option est trop longue ({ $max } caractères au plus).
polls-error-choices = Les nombres minimum et maximum de choix doivent être compris entre 1 et le nombre d’options, le minimum sans dépasser le maximum.
polls-error-score-range = La note la plus basse doit être inférieure à la plus haute, toutes deux entre -100 et 100.
polls-error-points = Chaque votant·e répartit de 1 à 1000 points.
polls-error-method = Choisissez une méthode de dépouillement.
polls-error-grades = Donnez de 2 à 10 mentions.
polls-error-closes-past = La date de clôture doit être dans le futur.
polls-error-date = Ce n’est pas une date et une heure.
polls-error-closes-required = Un sondage ne s’ouvre qu’avec une date de clôture dans le futur.
polls-error-hide-results = Choisissez quand les résultats sont affichés.
polls-error-reason = Choisissez si les votant·e·s se justifient.
polls-error-reason-max = Une justification compte de 1 à { $max } caractères.
polls-error-anonymous-locked = Un sondage anonyme reste anonyme.
polls-error-anonymous-after-votes = Un sondage ne peut plus devenir anonyme une fois que des personnes ont voté : leur nom est déjà attaché à leur vote.
polls-error-hide-results-loosen = Des résultats masqués ne peuvent pas être dévoilés plus tôt qu’annoncé.
polls-error-not-open = Ce sondage n’est pas ouvert.
polls-error-reopen-anonymous = Un sondage anonyme ne peut pas être rouvert : ses bulletins ont été scellés à la clôture.
polls-error-outcome-open = Le résultat s’écrit une fois le sondage clos.
polls-error-outcome = Écrivez la décision (5000 caractères au plus).
polls-error-outcome-option = Cette option n’appartient pas au sondage.

## Bulletins refusés
polls-ballot-unknown-option = L’option { $id } n’est pas une option de ce sondage.
polls-ballot-wrong-shape = Ce sondage attend « { $field } ».
polls-ballot-missing = Votre vote est vide : remplissez « { $field } ».
polls-ballot-duplicate = L’option { $id } apparaît plusieurs fois.
polls-ballot-none-alone = « Aucune de ces réponses » ne peut pas être choisie avec d’autres options.
polls-ballot-too-few = Choisissez au moins { $min } options (vous en avez choisi { $got }).
polls-ballot-too-many = Choisissez au plus { $max } options (vous en avez choisi { $got }).
polls-ballot-out-of-range = Chaque valeur doit être comprise entre { $min } et { $max }.
polls-ballot-too-many-points = Vous avez { $points } points et en avez utilisé { $got }.
polls-ballot-no-points = Donnez au moins un point.
polls-ballot-reason-off = Ce sondage ne prend pas de justification.
polls-ballot-reason-required = Ce sondage demande une justification.
polls-ballot-reason-long = Votre justification est trop longue ({ $max } caractères au plus).
polls-ballot-not-a-number = Une valeur de votre vote n’est pas un nombre entier.
polls-ballot-same-rank = Deux options ont le rang { $rank } : donnez à chacune un rang différent.

## La page d’un sondage
polls-by = Lancé par { $name }
polls-voted = Votre vote est enregistré.
polls-receipt = Votre reçu de vote :
polls-receipt-hint = Gardez-le : une fois le sondage clos, vous retrouverez votre bulletin dans la liste des bulletins grâce à lui, et vérifierez qu’il a été compté.
polls-your-vote = Votre vote
polls-you-voted = Vous avez voté : { $vote }
polls-you-voted-sealed = Vous avez voté. Ce sondage anonyme est clos : ses bulletins sont scellés et plus rattachés à personne.
polls-draft = Ce sondage est un brouillon : il s’ouvre avec une date de clôture.
polls-closed-no-vote = Ce sondage est clos : plus de vote possible.
polls-choose-one = Choisissez une option
polls-choose-between = Choisissez de { $min } à { $max } options
polls-choose-at-least = Choisissez au moins { $min } options
polls-score-each = Notez chaque option de { $min } à { $max } (vide : pas de note)
polls-dot-points = Répartissez jusqu’à { $points } points
polls-rank-hint = Classez les options : 1 pour votre premier choix, 2 pour le suivant… Laissez vides celles que vous ne classez pas.
polls-grade-for = Votre mention pour { $option }
polls-reason-label = Votre justification (facultative)
polls-reason-label-required = Votre justification
polls-reason-hint = { $max } caractères au plus.
polls-change-vote = Modifier mon vote
polls-vote = Voter
polls-sign-in-to-vote = Il vous sera demandé de vous connecter.
polls-withdraw = Retirer mon vote
polls-withdraw-refused = Vous n’avez pas de vote à retirer, ou le sondage est clos.
polls-vote-closed = Ce sondage est clos : votre vote n’a pas été enregistré.
polls-history = Mes votes précédents
polls-history-withdrawn = Retiré
polls-history-anonymous = Ce sondage est anonyme : aucun historique de vos votes n’est conservé.
polls-results = Résultats
polls-results-hidden-until-vote = Les résultats sont masqués jusqu’à votre vote.
polls-results-hidden-until-closed = Les résultats sont masqués jusqu’à la clôture du sondage.
polls-ballots-cast = { $count ->
    [one] { $count } vote exprimé
   *[other] { $count } votes exprimés
}
polls-eligible = { $count } votant·e·s possibles
polls-winner = En tête : { $option }
polls-tie-broken = (ex æquo ; l’option listée en premier l’emporte)
polls-winner-badge = en tête
polls-results-table = Résultats par option
polls-col-option = Option
polls-col-votes = Votes
polls-col-approvals = Choisie par
polls-col-score-sum = Somme des notes
polls-col-mean = Note moyenne
polls-col-points = Points
polls-col-median = Mention majoritaire
polls-col-distribution = Mentions données
polls-col-yes = Oui
polls-col-meeting = Réponses
polls-col-borda = Points de Borda
polls-col-first = Premiers choix
polls-col-pct-cast = % des votes exprimés
polls-col-pct-eligible = % des votant·e·s possibles
polls-col-round = Tour
polls-col-round-votes = Votes
polls-col-eliminated = Éliminée
polls-col-receipt-hash = Empreinte du reçu
polls-col-ballot = Bulletin
polls-exhausted = { $count } épuisés
polls-how-counted = Comment le résultat est calculé
polls-rounds = Tours du dépouillement
polls-pairwise = Votant·e·s préférant l’option de la ligne à celle de la colonne
polls-reasons = Justifications données
polls-who-voted-what = Qui a voté quoi
polls-not-voted = { $count ->
    [one] { $count } personne n’a pas voté
   *[other] { $count } personnes n’ont pas voté
}
polls-listed-more = { $count ->
    [one] Un autre bulletin n’est pas listé ici : tous les bulletins sont dans l’export CSV.
   *[other] { $count } autres bulletins ne sont pas listés ici : tous les bulletins sont dans l’export CSV.
}
polls-not-voted-more = { $count ->
    [one] et une autre personne.
   *[other] et { $count } autres personnes.
}
polls-ballot-list = Liste des bulletins
polls-ballot-list-hint = Chaque bulletin avec l’empreinte SHA-256 de son reçu, dans un ordre aléatoire, sans votant·e. Retrouvez le vôtre en calculant l’empreinte de votre reçu ; chacun·e peut recompter à partir de cette liste.
polls-explain-proposal-proposal = Chaque votant·e est d’accord, s’abstient, n’est pas d’accord ou bloque. La proposition passe quand plus de la moitié de celles et ceux qui ont pris position (hors abstentions) sont d’accord — et jamais quand quelqu’un bloque.
polls-explain-proposal-consent = Chaque votant·e consent, s’abstient ou objecte. La proposition passe quand personne n’objecte et que plus de la moitié de celles et ceux qui ont pris position consentent.
polls-explain-single_choice = Chaque votant·e choisit une option ; l’option qui a le plus de votes arrive en tête.
polls-explain-multiple_choice = Chaque votant·e choisit plusieurs options (vote par approbation) ; l’option choisie par le plus de votant·e·s arrive en tête.
polls-explain-score = Chaque votant·e note les options ; l’option dont la somme des notes est la plus haute arrive en tête.
polls-explain-dot_vote = Chaque votant·e répartit des points entre les options ; l’option qui en reçoit le plus arrive en tête.
polls-explain-majority_judgment = Chaque votant·e attribue une mention à chaque option ; la mention majoritaire d’une option est celle qu’une majorité lui donne au moins (la médiane). La meilleure mention majoritaire arrive en tête ; les égalités se départagent en retirant les mentions médianes une à une.
polls-explain-meeting = Chaque votant·e répond oui, peut-être ou non pour chaque créneau ; oui compte 2 et peut-être 1, et le créneau au total le plus élevé arrive en tête.
polls-explain-question = Une question ouverte : les votant·e·s répondent par leur justification ; rien n’est compté.
polls-explain-ranked_choice-borda = Méthode de Borda : sur chaque bulletin, une option reçoit un point par option classée après elle. L’option qui a le plus de points arrive en tête.
polls-explain-ranked_choice-irv = Vote alternatif : chaque bulletin compte pour l’option la mieux classée encore en lice. Une option qui obtient plus de la moitié de ces votes l’emporte ; sinon l’option qui en a le moins est éliminée et ses bulletins passent au choix suivant, tour après tour (tableau ci-dessous).
polls-explain-ranked_choice-schulze = Méthode de Schulze : chaque paire d’options est comparée sur chaque bulletin (tableau ci-dessous) ; une option en bat une autre quand la plus forte chaîne de majorités qui mène de l’une à l’autre est plus forte que l’inverse. L’option qu’aucune autre ne bat arrive en tête.
polls-verdict-no-votes = Pas encore de vote.
polls-verdict-no-quorum = Pas assez de votes pour décider.
polls-verdict-blocked = Bloquée : au moins une personne bloque (ou objecte).
polls-verdict-passed = Accord trouvé : la proposition est adoptée.
polls-verdict-not-passed = Pas d’accord : la proposition n’est pas adoptée.
polls-outcome = Décision
polls-outcome-option = Option retenue : { $option }
polls-outcome-review = À revoir le { $date }
polls-outcome-none = Pas encore de décision écrite.
polls-outcome-write = Écrire la décision
polls-outcome-text = Ce qui a été décidé (Markdown)
polls-outcome-option-field = Option retenue (facultatif)
polls-outcome-option-none = Aucune
polls-outcome-review-field = Date de réexamen (facultatif)
polls-outcome-save = Publier la décision
polls-manage = Gérer ce sondage
polls-open = Ouvrir le sondage
polls-close-now = Clore maintenant
polls-extend = Nouvelle date de clôture
polls-reopen = Rouvrir jusqu’au
polls-extend-action = Prolonger
polls-reopen-action = Rouvrir
polls-no-reopen-anonymous = Un sondage anonyme ne peut pas être rouvert une fois clos.
polls-export = Télécharger les votes (CSV)

## Votant·e·s désigné·e·s, quorum et seuil d'adoption, fuseaux horaires des rencontres
polls-field-time-zone = Fuseau horaire des créneaux (dates de rencontre)
polls-field-time-zone-hint = Les créneaux sont lus et affichés dans ce fuseau, avec son nom.
polls-field-slot-minutes = Durée de chaque créneau, en minutes
polls-field-slots-hint = Écrivez chaque créneau ainsi : 2026-12-03 18:00.
polls-field-decision = Règles de décision
polls-field-quorum = Quorum, en % des votant·e·s possibles (facultatif)
polls-field-quorum-hint = La part des votant·e·s possibles qui doit participer pour que le résultat compte.
polls-field-pass-threshold = Seuil d'adoption, en % (facultatif)
polls-field-pass-threshold-hint = La part que doit atteindre au moins le « d'accord » de la proposition ou l'option gagnante. Propositions, choix unique, choix multiple et dates de rencontre.
polls-field-pass-base = Calculé sur
polls-pass-base-cast = les votes exprimés
polls-pass-base-eligible = les votant·e·s possibles
polls-field-voters = Qui peut voter
polls-field-specified = Seules les personnes que je choisis peuvent voter
polls-field-specified-hint = Les autres peuvent lire le sondage mais pas voter. La liste reste modifiable tant que personne n'a voté.
polls-field-specified-public = Toute personne connectée peut voter dans cet espace : il n'y a pas de liste de membres où choisir.
polls-field-specified-too-many = Cet espace compte plus de { $max } membres : trop pour les choisir ici.
polls-field-voters-pick = Membres de l'espace
polls-voters-save = Enregistrer qui peut voter
polls-voters-locked = Quelqu'un a voté : la liste des votant·e·s ne peut plus changer.
polls-voters-everyone = Toute personne participante de l'espace peut voter.
polls-not-specified = Vous ne faites pas partie des votant·e·s choisi·e·s par l'auteur·rice de ce sondage : vous pouvez le lire, mais pas voter.
polls-specified-note = Seules les { $count } personnes choisies par l'auteur·rice peuvent voter.
polls-slots-zone = Les heures sont en { $zone }.
polls-decision = Décision
polls-outcome-ics = Ajouter la rencontre à votre agenda (.ics)
polls-quorum-met = Quorum atteint : { $voters } votant·e·s sur { $eligible } possibles ont participé ({ $percent } % ; quorum { $quorum } %).
polls-quorum-not-met = Quorum non atteint : { $voters } votant·e·s sur { $eligible } possibles ont participé ({ $percent } % ; quorum { $quorum } %).
polls-quorum-unknown = Le quorum ({ $quorum } %) ne peut pas être mesuré : toute personne connectée peut voter ici.
polls-pass-no-quorum = Non adopté : le quorum n'a pas été atteint.
polls-pass-blocked = Non adopté : la proposition a été bloquée.
polls-pass-proposal-passed = La proposition est adoptée : { $support } d'accord, { $percent } % — base : { $base } (seuil : au moins { $threshold } %).
polls-pass-proposal-failed = La proposition n'est pas adoptée : { $support } d'accord, { $percent } % — base : { $base } (seuil : au moins { $threshold } %).
polls-pass-choice-passed = « { $option } » est adopté : { $support } voix, { $percent } % — base : { $base } (seuil : au moins { $threshold } %).
polls-pass-choice-failed = « { $option } » n'est pas adopté : { $support } voix, { $percent } % — base : { $base } (seuil : au moins { $threshold } %).
polls-pass-none = Rien n'est adopté : aucune option n'a gagné.
polls-error-voters-public = Toute personne connectée peut voter dans cet espace : choisissez des votant·e·s dans un espace réservé aux membres.
polls-error-voters-unknown = Choisissez les votant·e·s parmi les membres de l'espace.
polls-error-voters-empty = Choisissez au moins une personne, ou décochez « Seules les personnes que je choisis peuvent voter ».
polls-error-voters-locked = Quelqu'un a déjà voté : la liste des votant·e·s ne peut plus changer.
polls-error-time-zone = Choisissez un fuseau horaire dans la liste.
polls-error-slot = « { $slot } » n'est pas une date et une heure : écrivez-la ainsi : 2026-12-03 18:00.
polls-error-slot-minutes = Un créneau dure entre 5 et 1440 minutes.
polls-error-percent = Écrivez un nombre entier entre 1 et 100.
polls-error-threshold-type = Un seuil d'adoption s'applique aux propositions, choix unique, choix multiple et dates de rencontre.
polls-error-pass-base = Choisissez sur quoi le seuil est calculé.
polls-error-quorum-public = Un quorum (ou un seuil sur les votant·e·s possibles) demande une liste de votant·e·s : choisissez-les, ou utilisez un espace réservé aux membres.
polls-rules-quorum = Quorum : { $quorum } % des votant·e·s possibles doivent participer.
polls-rules-threshold = Pour être adopté : au moins { $threshold } % — base : { $base }.
polls-error-rules-locked = Quelqu'un a déjà voté : le quorum et le seuil d'adoption ne peuvent plus changer.
polls-rules-locked-hint = Quelqu'un a voté : les règles de décision sont verrouillées.
## Started from a thread
polls-started-in-thread = Lancé dans le fil
polls-started-in-thread-note = Ce sondage apparaîtra dans le fil de discussion d’où il est lancé.

"""The spaCy machinery of the nlp stage (``stages/nlp.py``): the streaming, batched parse used
by ``Pipeline.run`` (:mod:`.spacy_batch`), and speed-ups that give the same annotations -- the
attribute ruler and the rule lemmatizer as tables (:mod:`.attr_table`, :mod:`.lemma_table`),
matrix products through numpy's BLAS on one thread (:mod:`.blas`)."""

"""The learned event coder: models trained on real news annotated by SPEC section 5.

* :mod:`.linear` — sparse linear models stored as JSON (inference needs no ML library);
* :mod:`.align` — gold sentences (first words + sha1) located in an article's fields;
* :mod:`.features` — what the models see: sentences, candidate parties, pages;
* :mod:`.coder` — the ``events:learned`` stage: which sentences report which events, who the
  actor and recipient are, modality and mode, all decided by the models;
* :mod:`.train` — ``make train``: builds the models from the train split (fixed seeds).
"""

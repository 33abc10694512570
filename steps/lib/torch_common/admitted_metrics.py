"""Quality of a loop's pseudo-labels: agreement with the pool's hidden human labels, and length bias; and the
length-only baseline of a test set."""
def compute_pseudo_label_precision(admitted, labels, pool):
    """Share of admitted pairs whose chosen answer is the one the hidden human label prefers.

    `labels`: {id: "a" | "b"}; `pool`: {id: {a, b}} (the pool the pairs were admitted from).
    None when no admitted pair has both a label and its pool entry.
    """
    agree = judged = 0
    for pair in admitted:
        label, source = labels.get(pair["id"]), pool.get(pair["id"])
        if label is None or source is None:
            continue
        judged += 1
        agree += pair["chosen"] == source[label]
    return agree / judged if judged else None


def compute_length_diff(admitted):
    """Mean length in characters of chosen minus rejected (as the TF.js implementation): > 0 means the
    pseudo-labels favour longer answers (Singhal et al.)."""
    if not admitted:
        return 0.0
    return sum(len(p["chosen"]) - len(p["rejected"]) for p in admitted) / len(admitted)


def compute_length_accuracy(pairs):
    """Accuracy of "the longer answer wins" (characters, as the TF.js implementation) on test pairs, a tie
    counting 0.5: an RM close to this has learned little more than length. 0 for no pairs."""
    if not pairs:
        return 0.0
    score = sum(1.0 if len(p["chosen"]) > len(p["rejected"]) else 0.5 if len(p["chosen"]) == len(p["rejected"]) else 0.0 for p in pairs)
    return score / len(pairs)

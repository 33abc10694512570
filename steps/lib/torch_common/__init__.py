"""Shared PyTorch code for the torch implementations of train-rm, score-pairs and evaluate-rm."""

"""Reward models: token ids → one scalar reward per sequence."""

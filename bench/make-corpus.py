#!/usr/bin/env python3
"""Writes a JSON Lines replay corpus of COUNT reviews cycling through the reviews in DIR, each with a fresh uid."""
import json, pathlib, sys, uuid

directory, count = sys.argv[1], int(sys.argv[2])
reviews = [json.loads(p.read_text()) for p in sorted(pathlib.Path(directory).rglob("*.json"))]
if not reviews:
    sys.exit(f"no reviews under {directory}")
for i in range(count):
    review = reviews[i % len(reviews)]
    request = review.get("request", review)
    request["uid"] = str(uuid.UUID(int=i))
    sys.stdout.write(json.dumps(review, separators=(",", ":")) + "\n")

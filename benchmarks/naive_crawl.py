"""Baseline: the crawl a first script would do: sequential httpx, one request after another,
everything kept in memory, Retry-After honoured on 429. Prints a JSON line of figures."""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import quote

import httpx


def main(base_url: str) -> None:
    started = time.monotonic()
    stats = {"requests": 0, "bytes": 0, "retries": 0}
    kept: list = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        def get(path, params=None):
            while True:
                stats["requests"] += 1
                response = client.get(path, params=params)
                stats["bytes"] += response.num_bytes_downloaded
                if response.status_code == 429:
                    stats["retries"] += 1
                    time.sleep(float(response.headers.get("Retry-After", "1")))
                    continue
                return response

        def listing(path):
            items, params = [], {"antall": 500}
            while path:
                body = get(path, params).json()
                items += body["data"]
                path, params = body["neste"], None
            return items

        for path in ("/nettsteder", "/kliniske-studier", "/arrangementer"):
            kept += listing(path)
        for procedure in listing("/prosedyrer"):
            detail = get(f"/prosedyrer/{quote(procedure['id'], safe='')}").json()
            kept.append(detail)
            for foretak in detail["foretak"]:
                response = get(f"/prosedyrer/{quote(detail['id'], safe='')}/{foretak['orgnr']}/")
                if response.status_code == 200:
                    kept.append(response.json())
    print(json.dumps({**stats, "items": len(kept), "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main(sys.argv[1])

# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: INP001  (a script's module, not a package)
"""What every part of the browser check shares: its error, its log, its waits.

A module of its own so that `browser_runner` can use them without importing
`browser_check`, which runs as `__main__` (a second copy would have a second
`CheckError` that the main one does not catch).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
import time

import aiohttp

HTTP_TIMEOUT = aiohttp.ClientTimeout(total=30)
WS_TIMEOUT = aiohttp.ClientWSTimeout(ws_receive=None, ws_close=10)


class CheckError(Exception):
    """A step of the check failed; the message says which and why."""


def log(message: str) -> None:
    """Print a progress line."""
    print(f"browser-check: {message}", flush=True)  # noqa: T201


async def wait_until[T](
    what: str,
    probe: Callable[[], Awaitable[T | None]],
    within: float,
    interval: float = 1.0,
) -> T:
    """Call probe until it returns something other than None, for `within` s."""
    deadline = time.monotonic() + within
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = await probe()
        except (aiohttp.ClientError, TimeoutError, CheckError) as err:
            last_error = err
        else:
            if result is not None:
                return result
        await asyncio.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    msg = f"timed out after {within:.0f} s waiting for {what}{detail}"
    raise CheckError(msg)


def pad(rect: dict[str, float], by: float = 8) -> dict[str, float]:
    """Return a screenshot clip: the rectangle with a margin."""
    return {
        "x": max(rect["x"] - by, 0),
        "y": max(rect["y"] - by, 0),
        "width": rect["width"] + 2 * by,
        "height": rect["height"] + 2 * by,
    }


# The start of a page script: every element under every shadow root (`all`),
# an element's text across shadow roots (`deepText`), its rectangle (`rect`)
# and the elements of a tag (`tags`).
PAGE_HELPERS = r"""
  const all = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      all.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  const deepText = (el) => {
    let text = '';
    const visit = (node) => {
      if (node.nodeType === Node.TEXT_NODE) { text += node.textContent + ' '; return; }
      if (node.nodeName === 'STYLE' || node.nodeName === 'SCRIPT') return;
      if (node.shadowRoot) for (const c of node.shadowRoot.childNodes) visit(c);
      for (const c of node.childNodes) visit(c);
    };
    visit(el);
    return text.replace(/\s+/g, ' ').trim();
  };
  const rect = (el) => {
    const r = el.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height};
  };
  const tags = (name) => all.filter((el) => el.localName === name);
"""

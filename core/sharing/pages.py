"""The two web pages a recipient sees, self-contained (no script or style from elsewhere,
so they work from a bucket behind a signed link): a shared folder's index, and the upload
page of a request. Every text from the bucket is escaped; the page carries signatures and
the access key's id (as every signed link does), never the secret."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from ..stores.links import UploadForm
from ..units import human_size

_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1b1b1b;
background:#f6f7f9}
main{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}
.note{color:#4a4f57;margin:.25rem 0 1rem}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d9dce1}
th,td{text-align:left;padding:.5rem .75rem;border-bottom:1px solid #e6e8eb}
td.size,th.size{text-align:right;white-space:nowrap}
a{color:#0b57d0}
nav{margin:1rem 0;display:flex;justify-content:space-between}
.box{background:#fff;border:1px solid #d9dce1;padding:1rem;border-radius:.5rem}
button{font:inherit;padding:.5rem 1.25rem;border-radius:.4rem;border:1px solid #0b57d0;
background:#0b57d0;color:#fff;cursor:pointer}
button:disabled{background:#9aa5b5;border-color:#9aa5b5;cursor:default}
ul#sent{list-style:none;padding:0}
ul#sent li{background:#fff;border:1px solid #e6e8eb;margin:.25rem 0;padding:.5rem .75rem}
.ok{color:#17692f}.bad{color:#b3261e}
"""


def _page(title: str, body: str, script: str = "") -> bytes:
    tail = f"<script>{script}</script>" if script else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main>{tail}</body></html>\n"
    ).encode()


def _until(expires: datetime) -> str:
    """The expiry in UTC, turned into the reader's own time by the page's script."""
    iso = expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = expires.strftime("%Y-%m-%d %H:%M UTC")
    return f'<time datetime="{iso}" class="local">{shown}</time>'


_LOCAL_TIMES = """
for (const t of document.querySelectorAll('time.local')) {
  const d = new Date(t.getAttribute('datetime'));
  if (!isNaN(d)) t.textContent = d.toLocaleString([], {dateStyle: 'long', timeStyle: 'short'});
}
"""


@dataclass(frozen=True)
class Entry:
    """One file on an index page: its name below the shared folder, size and link."""

    name: str
    size: int
    url: str


def index_page(
    folder: str,
    entries: Sequence[Entry],
    expires: datetime,
    *,
    page: int,
    pages: int,
    total_files: int,
    total_bytes: int,
    previous_url: str | None,
    next_url: str | None,
) -> bytes:
    """One page of a shared folder's index (pages split large folders)."""
    title = f"Files shared with you: {folder}"
    rows = "".join(
        f'<tr><td><a href="{html.escape(e.url)}" download="{html.escape(e.name)}">'
        f"{html.escape(e.name)}</a></td>"
        f'<td class="size">{html.escape(human_size(e.size))}</td></tr>'
        for e in entries
    )
    count = f"{total_files} file{'s' if total_files != 1 else ''}"
    part = f" Page {page} of {pages}." if pages > 1 else ""
    links = []
    if previous_url:
        links.append(f'<a rel="prev" href="{html.escape(previous_url)}">← Previous page</a>')
    if next_url:
        links.append(f'<a rel="next" href="{html.escape(next_url)}">Next page →</a>')
    nav = f"<nav>{''.join(f'<span>{link}</span>' for link in links)}</nav>" if links else ""
    body = (
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="note">{count}, {html.escape(human_size(total_bytes))} in all.{part} '
        f"Click a name to download it. These links work until {_until(expires)}.</p>"
        f'<table><thead><tr><th>Name</th><th class="size">Size</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>{nav}"
    )
    return _page(title, body, _LOCAL_TIMES)


_UPLOAD_SCRIPT = """
const form = JSON.parse(document.getElementById('upload-form').textContent);
const picker = document.getElementById('files');
const send = document.getElementById('send');
const sent = document.getElementById('sent');
const status = document.getElementById('status');
function human(n) {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return (i ? n.toFixed(1) : n) + ' ' + units[i];
}
function sendingFolder() {
  const d = new Date();
  const p = (v) => String(v).padStart(2, '0');
  const rnd = Math.random().toString(16).slice(2, 6);
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + '_' +
    p(d.getHours()) + p(d.getMinutes()) + p(d.getSeconds()) + '-' + rnd;
}
function row(file) {
  const li = document.createElement('li');
  li.textContent = file.name + ' (' + human(file.size) + '): ';
  const state = document.createElement('span');
  li.appendChild(state);
  sent.appendChild(li);
  return state;
}
function refusal(xhr) {
  const doc = xhr.responseXML;
  const message = doc && doc.querySelector('Message');
  if (xhr.status === 403 && message && /expired/i.test(message.textContent))
    return 'this link has expired; ask for a new one';
  if (message) return message.textContent;
  return xhr.status ? 'the storage refused it (' + xhr.status + ')' : 'the connection failed';
}
function upload(file, key, state) {
  return new Promise((resolve) => {
    const data = new FormData();
    for (const [name, value] of Object.entries(form.fields)) data.append(name, value);
    data.append('key', key);
    data.append('Content-Type', file.type || 'application/octet-stream');
    data.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.url);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) state.textContent = Math.floor(100 * e.loaded / e.total) + '%';
    };
    xhr.onload = () => {
      const ok = xhr.status >= 200 && xhr.status < 300;
      state.className = ok ? 'ok' : 'bad';
      state.textContent = ok ? 'arrived ✓' : 'not sent: ' + refusal(xhr);
      resolve(ok);
    };
    xhr.onerror = () => {
      state.className = 'bad';
      state.textContent = 'not sent: the connection failed';
      resolve(false);
    };
    xhr.send(data);
  });
}
picker.addEventListener('change', () => { send.disabled = picker.files.length === 0; });
send.addEventListener('click', async () => {
  const files = Array.from(picker.files);
  if (!files.length) return;
  if (Date.now() > Date.parse(form.expires)) {
    status.className = 'bad';
    status.textContent = 'This link has expired. Ask for a new one.';
    return;
  }
  send.disabled = true; picker.disabled = true;
  document.getElementById('sent-section').hidden = false;
  const folder = form.prefix + sendingFolder() + '/';
  let arrived = 0;
  status.className = ''; status.textContent = 'Sending…';
  for (const file of files) {
    const state = row(file);
    if (file.size > form.maxSize) {
      state.className = 'bad';
      state.textContent = 'not sent: larger than the limit of ' + human(form.maxSize);
      continue;
    }
    if (await upload(file, folder + file.name, state)) arrived++;
  }
  status.className = arrived === files.length ? 'ok' : 'bad';
  status.textContent = arrived + ' of ' + files.length + ' file' +
    (files.length === 1 ? '' : 's') + ' arrived.';
  picker.value = ''; picker.disabled = false;
});
"""


def upload_page(folder: str, form: UploadForm) -> bytes:
    """The page of a request: choose files, Send, see what arrived. Each file goes straight
    to the bucket with the signed form's fields; no server of ours is involved."""
    title = f"Send files to {folder}"
    data = {
        "url": form.url,
        "fields": form.fields,
        "prefix": form.key_prefix,
        "maxSize": form.max_size,
        "expires": form.expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    # '<' escaped so no text can close the script element early.
    embedded = json.dumps(data).replace("<", "\\u003c")
    body = (
        f"<h1>{html.escape(title)}</h1>"
        f'<p class="note">Choose the files you want to send, then press Send. Each file '
        f"can be up to {html.escape(human_size(form.max_size))}. This link works until "
        f"{_until(form.expires)}.</p>"
        '<div class="box"><p><label for="files">Files to send:</label><br>'
        '<input type="file" id="files" name="files" multiple></p>'
        '<p><button type="button" id="send" disabled>Send</button></p>'
        '<p id="status" role="status" aria-live="polite"></p></div>'
        '<section id="sent-section" hidden><h2>Sent from this page</h2><ul id="sent"></ul>'
        "</section>"
        f'<script type="application/json" id="upload-form">{embedded}</script>'
    )
    return _page(title, body, _LOCAL_TIMES + _UPLOAD_SCRIPT)

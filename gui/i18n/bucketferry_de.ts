<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>BackupsModel</name>
    <message>
        <source>Run started</source>
        <translation>Vorgang begonnen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Objects</source>
        <translation>Objekte</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>not recorded on this computer</source>
        <translation>auf diesem Computer nicht verzeichnet</translation>
    </message>
</context>
<context>
    <name>BackupsTab</name>
    <message>
        <source>Backups in this bucket</source>
        <translation>Sicherungen in diesem Bucket</translation>
    </message>
    <message>
        <source>Age in days of the backups to remove</source>
        <translation>Alter in Tagen der zu entfernenden Sicherungen</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Older than</source>
        <translation>Ä&amp;lter als</translation>
    </message>
    <message>
        <source>Copies that runs kept before replacing or deleting objects in the bucket &lt;b&gt;{bucket}&lt;/b&gt;, under &lt;b&gt;{folder}/&lt;/b&gt;. Undo puts them back; remove old ones here.</source>
        <translation>Kopien, die Vorgänge vor dem Ersetzen oder Löschen von Objekten im Bucket &lt;b&gt;{bucket}&lt;/b&gt; unter &lt;b&gt;{folder}/&lt;/b&gt; aufbewahrt haben. „Rückgängig machen“ stellt sie wieder her; alte Kopien entfernen Sie hier.</translation>
    </message>
    <message>
        <source>This connection keeps no copies in the bucket &lt;b&gt;{bucket}&lt;/b&gt; (turn them on in Manage connections).</source>
        <translation>Diese Verbindung bewahrt keine Kopien im Bucket &lt;b&gt;{bucket}&lt;/b&gt; auf (einschalten unter „Verbindungen verwalten“).</translation>
    </message>
    <message>
        <source>Listing the backups…</source>
        <translation>Sicherungen werden aufgelistet…</translation>
    </message>
    <message>
        <source>Kept: {totals}.</source>
        <translation>Aufbewahrt: {totals}.</translation>
    </message>
    <message>
        <source>No backups in this bucket.</source>
        <translation>Keine Sicherungen in diesem Bucket.</translation>
    </message>
    <message>
        <source>Looking for old backups…</source>
        <translation>Alte Sicherungen werden gesucht…</translation>
    </message>
    <message>
        <source>Remove old backups?</source>
        <translation>Alte Sicherungen entfernen?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
</context>
<context>
    <name>ConnectionBar</name>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>&amp;Manage…</source>
        <translation>Ver&amp;walten…</translation>
    </message>
    <message>
        <source>Local folder</source>
        <translation>Lokaler Ordner</translation>
    </message>
    <message>
        <source>Choose a folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>Choose the local folder</source>
        <translation>Lokalen Ordner wählen</translation>
    </message>
    <message>
        <source>Choose local folder</source>
        <translation>Lokalen Ordner wählen</translation>
    </message>
    <message>
        <source>Path in the bucket</source>
        <translation>Pfad im Bucket</translation>
    </message>
    <message>
        <source>path below the base path (empty: everything)</source>
        <translation>Pfad unter dem Basispfad (leer: alles)</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Verbindung</translation>
    </message>
    <message>
        <source>&amp;Local:</source>
        <translation>&amp;Lokal:</translation>
    </message>
    <message>
        <source>&amp;Remote:</source>
        <translation>&amp;Im Bucket:</translation>
    </message>
    <message>
        <source>Re&amp;gular expressions</source>
        <translation>&amp;Reguläre Ausdrücke</translation>
    </message>
    <message>
        <source>Off: the filters hold wildcards (*.csv; raw/). On: each holds one regular expression, as the command line and the API take it.</source>
        <translation>Aus: Die Filter enthalten Platzhalter (*.csv; raw/). Ein: Jeder Filter enthält einen regulären Ausdruck, so wie ihn die Kommandozeile und die API annehmen.</translation>
    </message>
    <message>
        <source>Preview &amp;push ▲</source>
        <translation>Vorschau H&amp;ochladen ▲</translation>
    </message>
    <message>
        <source>Show what pushing would do (F5)</source>
        <translation>Zeigen, was das Hochladen tun würde (F5)</translation>
    </message>
    <message>
        <source>Preview p&amp;ull ▼</source>
        <translation>Vorschau Herun&amp;terladen ▼</translation>
    </message>
    <message>
        <source>Show what pulling would do (Shift+F5)</source>
        <translation>Zeigen, was das Herunterladen tun würde (Umschalt+F5)</translation>
    </message>
    <message>
        <source>&amp;Include</source>
        <translation>&amp;Einschließen</translation>
    </message>
    <message>
        <source>E&amp;xclude</source>
        <translation>A&amp;usschließen</translation>
    </message>
    <message>
        <source>No folder chosen</source>
        <translation>Kein Ordner gewählt</translation>
    </message>
    <message>
        <source>Choose the folder on this computer to compare with the bucket first (type it, or click … beside Local).</source>
        <translation>Wählen Sie zuerst den Ordner auf diesem Computer, der mit dem Bucket verglichen werden soll (eintippen oder auf … neben „Lokal“ klicken).</translation>
    </message>
    <message>
        <source>Folder not found</source>
        <translation>Ordner nicht gefunden</translation>
    </message>
    <message>
        <source>The local folder {folder} does not exist. Choose another.</source>
        <translation>Den lokalen Ordner {folder} gibt es nicht. Wählen Sie einen anderen.</translation>
    </message>
    <message>
        <source>Include filter: {reason}</source>
        <translation>Einschließen-Filter: {reason}</translation>
    </message>
    <message>
        <source>Exclude filter: {reason}</source>
        <translation>Ausschließen-Filter: {reason}</translation>
    </message>
    <message>
        <source>Include filter (regular expression)</source>
        <translation>Einschließen-Filter (regulärer Ausdruck)</translation>
    </message>
    <message>
        <source>Exclude filter (regular expression)</source>
        <translation>Ausschließen-Filter (regulärer Ausdruck)</translation>
    </message>
    <message>
        <source>Include filter (wildcards)</source>
        <translation>Einschließen-Filter (Platzhalter)</translation>
    </message>
    <message>
        <source>Exclude filter (wildcards)</source>
        <translation>Ausschließen-Filter (Platzhalter)</translation>
    </message>
    <message>
        <source>Choose a local folder first.</source>
        <translation>Wählen Sie zuerst einen lokalen Ordner.</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Connection result</source>
        <translation>Ergebnis der Verbindung</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Sa&amp;ve</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>Verbindung entfernen</translation>
    </message>
    <message>
        <source>Remove the connection &apos;{name}&apos; and its stored secret? Files are not touched.</source>
        <translation>Die Verbindung „{name}“ und ihr gespeichertes Geheimnis entfernen? Dateien bleiben unberührt.</translation>
    </message>
    <message>
        <source>Save the changes to &apos;{name}&apos;?</source>
        <translation>Die Änderungen an „{name}“ speichern?</translation>
    </message>
    <message>
        <source>Save the new connection?</source>
        <translation>Die neue Verbindung speichern?</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Discard keeps &apos;{name}&apos; as it was last saved.</source>
        <translation>Verwerfen behält „{name}“ so, wie es zuletzt gespeichert wurde.</translation>
    </message>
    <message>
        <source>Discard drops this new connection.</source>
        <translation>Verwerfen löscht diese neue Verbindung.</translation>
    </message>
    <message>
        <source>Saved &apos;{name}&apos;.</source>
        <translation>„{name}“ gespeichert.</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>S3-compatible (MinIO, …)</source>
        <translation>S3-kompatibel (MinIO, …)</translation>
    </message>
    <message>
        <source>Local folder</source>
        <translation>Lokaler Ordner</translation>
    </message>
    <message>
        <source>&amp;Folder of buckets</source>
        <translation>&amp;Ordner der Buckets</translation>
    </message>
    <message>
        <source>&amp;Secret</source>
        <translation>&amp;Geheimnis</translation>
    </message>
    <message>
        <source>&amp;Bucket folder</source>
        <translation>&amp;Bucket-Ordner</translation>
    </message>
    <message>
        <source>Storage &amp;account</source>
        <translation>Speicher&amp;konto</translation>
    </message>
    <message>
        <source>Account key</source>
        <translation>Kontoschlüssel</translation>
    </message>
    <message>
        <source>&amp;Container</source>
        <translation>&amp;Container</translation>
    </message>
    <message>
        <source>Access &amp;key</source>
        <translation>Zugriffs&amp;schlüssel</translation>
    </message>
    <message>
        <source>&amp;Bucket</source>
        <translation>&amp;Bucket</translation>
    </message>
    <message>
        <source>e.g. eu-west-1 (empty: us-east-1)</source>
        <translation>z. B. eu-west-1 (leer: us-east-1)</translation>
    </message>
    <message>
        <source>e.g. minio.example.org</source>
        <translation>z. B. minio.example.org</translation>
    </message>
    <message>
        <source>optional: Azurite or another Azure cloud, e.g. blob.core.chinacloudapi.cn</source>
        <translation>optional: Azurite oder eine andere Azure-Cloud, z. B. blob.core.chinacloudapi.cn</translation>
    </message>
    <message>
        <source>Leave empty for Azure&apos;s public cloud. For the Azurite emulator give its host (e.g. 127.0.0.1), port 10000 and no TLS; for Azure China, blob.core.chinacloudapi.cn.</source>
        <translation>Für die öffentliche Azure-Cloud leer lassen. Für den Azurite-Emulator dessen Host (z. B. 127.0.0.1), Port 10000 und kein TLS angeben; für Azure China blob.core.chinacloudapi.cn.</translation>
    </message>
    <message>
        <source>Before a push replaces an object, or Delete remote removes one, a copy is made in the bucket (on the server, nothing is downloaded), so View ▸ History can undo the run. A bucket that keeps versions needs no copies. View ▸ History ▸ Backups removes old copies.</source>
        <translation>Bevor ein Hochladen ein Objekt ersetzt oder „Im Bucket löschen“ eines entfernt, wird eine Kopie im Bucket angelegt (auf dem Server, nichts wird heruntergeladen), damit Ansicht ▸ Verlauf den Vorgang rückgängig machen kann. Ein Bucket, der Versionen aufbewahrt, braucht keine Kopien. Ansicht ▸ Verlauf ▸ Sicherungen entfernt alte Kopien.</translation>
    </message>
    <message>
        <source>The folder at the bucket&apos;s root that holds the kept copies, one sub-folder per run. Pushes, pulls and the trees leave it alone.</source>
        <translation>Der Ordner auf oberster Ebene des Buckets, der die aufbewahrten Kopien enthält, ein Unterordner pro Vorgang. Hochladen, Herunterladen und die Ordnerbäume lassen ihn unberührt.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Access key</source>
        <translation>Zugriffsschlüssel</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Geheimnis</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Use TLS (https)</source>
        <translation>TLS verwenden (https)</translation>
    </message>
    <message>
        <source>Base path</source>
        <translation>Basispfad</translation>
    </message>
    <message>
        <source>folder in the bucket (empty: the whole bucket)</source>
        <translation>Ordner im Bucket (leer: der ganze Bucket)</translation>
    </message>
    <message>
        <source>Keep replaced and deleted objects in the bucket</source>
        <translation>Ersetzte und gelöschte Objekte im Bucket aufbewahren</translation>
    </message>
    <message>
        <source>Backup folder in the bucket</source>
        <translation>Sicherungsordner im Bucket</translation>
    </message>
    <message>
        <source>Keep the secret for this session only (not saved)</source>
        <translation>Geheimnis nur für diese Sitzung behalten (nicht gespeichert)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>Pr&amp;eset</source>
        <translation>&amp;Vorlage</translation>
    </message>
    <message>
        <source>&amp;Provider</source>
        <translation>&amp;Anbieter</translation>
    </message>
    <message>
        <source>Re&amp;gion</source>
        <translation>Re&amp;gion</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>&amp;Host</translation>
    </message>
    <message>
        <source>P&amp;ort</source>
        <translation>P&amp;ort</translation>
    </message>
    <message>
        <source>Base pa&amp;th</source>
        <translation>Basis&amp;pfad</translation>
    </message>
    <message>
        <source>Bac&amp;kup folder</source>
        <translation>Sicherungs&amp;ordner</translation>
    </message>
    <message>
        <source>Secrets are kept in your system&apos;s password store.</source>
        <translation>Geheimnisse werden in der Passwortverwaltung Ihres Systems aufbewahrt.</translation>
    </message>
    <message>
        <source>{reason} Bucket Ferry never writes secrets to disk: tick &apos;this session only&apos; to use the secret until you quit.</source>
        <translation>{reason} Bucket Ferry schreibt Geheimnisse nie auf die Festplatte: Setzen Sie den Haken bei „nur für diese Sitzung“, um das Geheimnis bis zum Beenden zu verwenden.</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>gespeichert</translation>
    </message>
    <message>
        <source>not used by Azure</source>
        <translation>von Azure nicht verwendet</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Files to delete</source>
        <translation>Zu löschende Dateien</translation>
    </message>
    <message>
        <source>Objects left alone</source>
        <translation>Unangetastete Objekte</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>&amp;Include in this run</source>
        <translation>In diesen Vorgang &amp;einschließen</translation>
    </message>
    <message>
        <source>▲ &amp;Previous</source>
        <translation>▲ &amp;Vorherige</translation>
    </message>
    <message>
        <source>Previous differing file (Alt+Up, Shift+F7, P)</source>
        <translation>Vorherige abweichende Datei (Alt+Hoch, Umschalt+F7, P)</translation>
    </message>
    <message>
        <source>&amp;Next ▼</source>
        <translation>&amp;Nächste ▼</translation>
    </message>
    <message>
        <source>Next differing file (Alt+Down, F7, N)</source>
        <translation>Nächste abweichende Datei (Alt+Runter, F7, N)</translation>
    </message>
    <message>
        <source>&amp;Copy unified diff</source>
        <translation>Unified Diff &amp;kopieren</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Next differing file</source>
        <translation>Nächste abweichende Datei</translation>
    </message>
    <message>
        <source>Previous differing file</source>
        <translation>Vorherige abweichende Datei</translation>
    </message>
    <message>
        <source>Largest size to fetch, in megabytes</source>
        <translation>Größte abzurufende Größe, in Megabyte</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
    </message>
    <message>
        <source>&amp;Fetch anyway</source>
        <translation>Trotzdem &amp;abrufen</translation>
    </message>
    <message>
        <source>Fetch up to</source>
        <translation>Abrufen bis</translation>
    </message>
    <message>
        <source>Local picture</source>
        <translation>Lokales Bild</translation>
    </message>
    <message>
        <source>Remote picture</source>
        <translation>Bild im Bucket</translation>
    </message>
    <message>
        <source>Local first bytes</source>
        <translation>Erste Bytes lokal</translation>
    </message>
    <message>
        <source>Remote first bytes</source>
        <translation>Erste Bytes im Bucket</translation>
    </message>
    <message>
        <source>No differing file after this one.</source>
        <translation>Nach dieser Datei gibt es keine abweichende Datei mehr.</translation>
    </message>
    <message>
        <source>No differing file before this one.</source>
        <translation>Vor dieser Datei gibt es keine abweichende Datei.</translation>
    </message>
    <message>
        <source>Differences: {name}</source>
        <translation>Unterschiede: {name}</translation>
    </message>
    <message>
        <source>A new preview replaced the one this view was opened from: the checkbox and Next/Previous no longer apply here.</source>
        <translation>Eine neue Vorschau hat die ersetzt, aus der diese Ansicht geöffnet wurde: Das Kästchen und Nächste/Vorherige wirken hier nicht mehr.</translation>
    </message>
    <message>
        <source>A new preview replaced this one; open the differences from it.</source>
        <translation>Eine neue Vorschau hat diese ersetzt; öffnen Sie die Unterschiede von dort.</translation>
    </message>
    <message>
        <source>The table&apos;s filter hides this file; clear the filter to change its checkbox.</source>
        <translation>Der Filter der Tabelle blendet diese Datei aus; leeren Sie den Filter, um ihr Kästchen zu ändern.</translation>
    </message>
    <message>
        <source>The row&apos;s checkbox in the preview: unchecked files are left out of the run.</source>
        <translation>Das Kästchen der Zeile in der Vorschau: Dateien ohne Haken bleiben beim Vorgang außen vor.</translation>
    </message>
    <message>
        <source>Both copies are the same: a push leaves this file alone.</source>
        <translation>Beide Kopien sind gleich: Hochladen lässt diese Datei unverändert.</translation>
    </message>
    <message>
        <source>Both copies are the same: a pull leaves this file alone.</source>
        <translation>Beide Kopien sind gleich: Herunterladen lässt diese Datei unverändert.</translation>
    </message>
    <message>
        <source>Push: the local copy replaces the copy in the bucket, which is still the copy last synced: nothing unsynced is lost.</source>
        <translation>Hochladen: Die lokale Kopie ersetzt die Kopie im Bucket, die noch die zuletzt abgeglichene ist: Nichts Unabgeglichenes geht verloren.</translation>
    </message>
    <message>
        <source>Pull: the copy in the bucket replaces the local copy, which is still the copy last synced: nothing unsynced is lost.</source>
        <translation>Herunterladen: Die Kopie im Bucket ersetzt die lokale Kopie, die noch die zuletzt abgeglichene ist: Nichts Unabgeglichenes geht verloren.</translation>
    </message>
    <message>
        <source>Push: the local copy replaces the copy in the bucket (only if you allow overwriting when you confirm).</source>
        <translation>Hochladen: Die lokale Kopie ersetzt die Kopie im Bucket (nur wenn Sie beim Bestätigen das Überschreiben erlauben).</translation>
    </message>
    <message>
        <source>Pull: the copy in the bucket replaces the local copy (only if you allow overwriting when you confirm).</source>
        <translation>Herunterladen: Die Kopie im Bucket ersetzt die lokale Kopie (nur wenn Sie beim Bestätigen das Überschreiben erlauben).</translation>
    </message>
    <message>
        <source>Push: the local copy replaces the copy in the bucket.</source>
        <translation>Hochladen: Die lokale Kopie ersetzt die Kopie im Bucket.</translation>
    </message>
    <message>
        <source>Pull: the copy in the bucket replaces the local copy.</source>
        <translation>Herunterladen: Die Kopie im Bucket ersetzt die lokale Kopie.</translation>
    </message>
    <message>
        <source>changed since the last sync</source>
        <translation>seit dem letzten Abgleich geändert</translation>
    </message>
    <message>
        <source>as last synced</source>
        <translation>wie zuletzt abgeglichen</translation>
    </message>
    <message>
        <source>the later copy</source>
        <translation>die spätere Kopie</translation>
    </message>
    <message>
        <source>the earlier copy</source>
        <translation>die frühere Kopie</translation>
    </message>
    <message>
        <source>replaces the other</source>
        <translation>ersetzt die andere</translation>
    </message>
    <message>
        <source>gets replaced: this change is lost</source>
        <translation>wird ersetzt: Diese Änderung geht verloren</translation>
    </message>
    <message>
        <source>gets replaced</source>
        <translation>wird ersetzt</translation>
    </message>
    <message>
        <source>Local</source>
        <translation>Lokal</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
    <message>
        <source>mixed line ends</source>
        <translation>gemischte Zeilenenden</translation>
    </message>
    <message>
        <source>{newline} line ends</source>
        <translation>{newline}-Zeilenenden</translation>
    </message>
    <message>
        <source>{count} lines</source>
        <translation>{count} Zeilen</translation>
    </message>
    <message>
        <source>{size} ({bytes} bytes)</source>
        <translation>{size} ({bytes} Bytes)</translation>
    </message>
    <message>
        <source>modified {when}</source>
        <translation>geändert {when}</translation>
    </message>
    <message>
        <source>{changed} changed line &amp;nbsp; {adds} only in the local copy: the push adds it &amp;nbsp; {removes} only in the copy in the bucket: the push removes it</source>
        <translation>{changed} geänderte Zeile &amp;nbsp; {adds} nur in der lokalen Kopie: Hochladen fügt sie hinzu &amp;nbsp; {removes} nur in der Kopie im Bucket: Hochladen entfernt sie</translation>
    </message>
    <message>
        <source>{changed} changed line &amp;nbsp; {adds} only in the copy in the bucket: the pull adds it &amp;nbsp; {removes} only in the local copy: the pull removes it</source>
        <translation>{changed} geänderte Zeile &amp;nbsp; {adds} nur in der Kopie im Bucket: Herunterladen fügt sie hinzu &amp;nbsp; {removes} nur in der lokalen Kopie: Herunterladen entfernt sie</translation>
    </message>
    <message>
        <source>Fetching both copies of {name}…</source>
        <translation>Beide Kopien von {name} werden abgerufen…</translation>
    </message>
    <message>
        <source>Files over {limit} MB cannot be compared here.</source>
        <translation>Dateien über {limit} MB können hier nicht verglichen werden.</translation>
    </message>
    <message>
        <source>Too large to compare here</source>
        <translation>Zu groß für einen Vergleich hier</translation>
    </message>
    <message>
        <source>Copies what the push would change, as a unified diff (remote → local).</source>
        <translation>Kopiert, was das Hochladen ändern würde, als Unified Diff (Bucket → lokal).</translation>
    </message>
    <message>
        <source>Copies what the pull would change, as a unified diff (local → remote).</source>
        <translation>Kopiert, was das Herunterladen ändern würde, als Unified Diff (lokal → Bucket).</translation>
    </message>
    <message>
        <source>{count} changed</source>
        <translation>{count} geändert</translation>
    </message>
    <message>
        <source>{count} only local</source>
        <translation>{count} nur lokal</translation>
    </message>
    <message>
        <source>{count} only in the bucket</source>
        <translation>{count} nur im Bucket</translation>
    </message>
    <message>
        <source>Lines: {counts}.</source>
        <translation>Zeilen: {counts}.</translation>
    </message>
    <message>
        <source>This {kind} picture cannot be read.</source>
        <translation>Dieses {kind}-Bild kann nicht gelesen werden.</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Unified diff copied ({count} lines).</source>
        <translation>Unified Diff kopiert ({count} Zeilen).</translation>
    </message>
</context>
<context>
    <name>DiffTextView</name>
    <message>
        <source>Local text</source>
        <translation>Lokaler Text</translation>
    </message>
    <message>
        <source>Remote text</source>
        <translation>Text im Bucket</translation>
    </message>
    <message>
        <source>Local line numbers</source>
        <translation>Zeilennummern lokal</translation>
    </message>
    <message>
        <source>Remote line numbers</source>
        <translation>Zeilennummern im Bucket</translation>
    </message>
</context>
<context>
    <name>FileTrees</name>
    <message>
        <source>Files on this computer</source>
        <translation>Dateien auf diesem Computer</translation>
    </message>
    <message>
        <source>Files in the bucket</source>
        <translation>Dateien im Bucket</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>Getting started</source>
        <translation>Erste Schritte</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>&amp;Runs</source>
        <translation>&amp;Vorgänge</translation>
    </message>
    <message>
        <source>&amp;Backups in this bucket</source>
        <translation>&amp;Sicherungen in diesem Bucket</translation>
    </message>
    <message>
        <source>No runs are recorded on this computer yet.</source>
        <translation>Auf diesem Computer sind noch keine Vorgänge aufgezeichnet.</translation>
    </message>
    <message>
        <source>Files of {run}: {counts}.</source>
        <translation>Dateien – {run}: {counts}.</translation>
    </message>
    <message>
        <source>A preview or run is under way</source>
        <translation>Eine Vorschau oder ein Vorgang läuft</translation>
    </message>
    <message>
        <source>Wait until the window&apos;s preview or run has ended (or cancel it), then undo.</source>
        <translation>Warten Sie, bis die Vorschau oder der Vorgang im Hauptfenster beendet ist (oder brechen Sie ihn ab), und machen Sie dann rückgängig.</translation>
    </message>
    <message>
        <source>Working out what undoing {run} would do…</source>
        <translation>Es wird ermittelt, was das Rückgängigmachen bewirken würde – {run}…</translation>
    </message>
    <message>
        <source>Undoing {run} would {plan}.</source>
        <translation>Rückgängig machen – {run}: {plan}.</translation>
    </message>
    <message>
        <source>Nothing to undo: nothing was changed.</source>
        <translation>Nichts rückgängig zu machen: Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nichts rückgängig zu machen</translation>
    </message>
    <message>
        <source>Every file of {run} is already as before the run, changed after it, or cannot be put back: the table says which, and why.</source>
        <translation>Jede Datei dieses Vorgangs ({run}) ist bereits wie vor dem Vorgang, wurde danach geändert oder kann nicht wiederhergestellt werden: Die Tabelle zeigt, welche und warum.</translation>
    </message>
    <message>
        <source>Check the plan above, then confirm.</source>
        <translation>Prüfen Sie den Plan oben und bestätigen Sie dann.</translation>
    </message>
    <message>
        <source>Not undone: nothing changed.</source>
        <translation>Nicht rückgängig gemacht: Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Undoing…</source>
        <translation>Wird rückgängig gemacht…</translation>
    </message>
    <message>
        <source>Undid {run}: {result}.</source>
        <translation>Rückgängig gemacht – {run}: {result}.</translation>
    </message>
    <message>
        <source>Undo done: {result}.</source>
        <translation>Rückgängigmachen beendet: {result}.</translation>
    </message>
    <message>
        <source>Some files were not undone</source>
        <translation>Einige Dateien wurden nicht wiederhergestellt</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>Abgebrochen: Es wurde nichts geändert.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Started</source>
        <translation>Begonnen</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Connection: bucket</source>
        <translation>Verbindung: Bucket</translation>
    </message>
    <message>
        <source>Local folder</source>
        <translation>Lokaler Ordner</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Run {id}, ended {ended}</source>
        <translation>Vorgang {id}, beendet {ended}</translation>
    </message>
    <message>
        <source>Run {id}</source>
        <translation>Vorgang {id}</translation>
    </message>
    <message>
        <source>Undoes the run {id}</source>
        <translation>Macht den Vorgang {id} rückgängig</translation>
    </message>
    <message>
        <source>{endpoint} · bucket {bucket}</source>
        <translation>{endpoint} · Bucket {bucket}</translation>
    </message>
</context>
<context>
    <name>LinkDialog</name>
    <message>
        <source>C&amp;reate link</source>
        <translation>Link &amp;erstellen</translation>
    </message>
    <message>
        <source>Link &amp;works for:</source>
        <translation>&amp;Gültig für:</translation>
    </message>
    <message>
        <source>Making the link…</source>
        <translation>Der Link wird erstellt…</translation>
    </message>
    <message>
        <source>C&amp;reate a new link</source>
        <translation>Neuen Link &amp;erstellen</translation>
    </message>
</context>
<context>
    <name>LinkPanel</name>
    <message>
        <source>Link</source>
        <translation>Link</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>QR code of the link</source>
        <translation>QR-Code des Links</translation>
    </message>
    <message>
        <source>A phone&apos;s camera opens the link from this code</source>
        <translation>Die Kamera eines Telefons öffnet den Link über diesen Code</translation>
    </message>
    <message>
        <source>Message to send</source>
        <translation>Nachricht zum Versenden</translation>
    </message>
    <message>
        <source>Copy &amp;message</source>
        <translation>Nachricht k&amp;opieren</translation>
    </message>
    <message>
        <source>&amp;Link:</source>
        <translation>&amp;Link:</translation>
    </message>
    <message>
        <source>M&amp;essage to paste into an e-mail:</source>
        <translation>&amp;Nachricht zum Einfügen in eine E-Mail:</translation>
    </message>
    <message>
        <source>Scan with a phone</source>
        <translation>Mit dem Telefon scannen</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>LocalTreeModel</name>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation>{size} Bytes</translation>
    </message>
</context>
<context>
    <name>LogDock</name>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Choose a folder, then preview a push or a pull (F5).</source>
        <translation>Wählen Sie einen Ordner, dann eine Vorschau zum Hochladen oder Herunterladen (F5).</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchronisieren</translation>
    </message>
    <message>
        <source>Preview cancelled.</source>
        <translation>Vorschau abgebrochen.</translation>
    </message>
    <message>
        <source>Preview failed: {reason}.</source>
        <translation>Vorschau fehlgeschlagen: {reason}.</translation>
    </message>
    <message>
        <source>Preview is out of date</source>
        <translation>Die Vorschau ist veraltet</translation>
    </message>
    <message>
        <source>The inputs changed since the preview. Preview again first.</source>
        <translation>Die Eingaben haben sich seit der Vorschau geändert. Erstellen Sie zuerst eine neue Vorschau.</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Exportiert nach {path}</translation>
    </message>
</context>
<context>
    <name>PresetPicker</name>
    <message>
        <source>None: enter the endpoint yourself</source>
        <translation>Keine: Endpunkt selbst eingeben</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Vorlage</translation>
    </message>
    <message>
        <source>Preset region</source>
        <translation>Region der Vorlage</translation>
    </message>
    <message>
        <source>Reg&amp;ion</source>
        <translation>Reg&amp;ion</translation>
    </message>
    <message>
        <source>Account ID</source>
        <translation>Konto-ID</translation>
    </message>
    <message>
        <source>32 characters, from the R2 overview page</source>
        <translation>32 Zeichen, von der R2-Übersichtsseite</translation>
    </message>
    <message>
        <source>Acco&amp;unt ID</source>
        <translation>Kont&amp;o-ID</translation>
    </message>
    <message>
        <source>&lt;region&gt;</source>
        <translation>&lt;Region&gt;</translation>
    </message>
    <message>
        <source>&lt;account id&gt;</source>
        <translation>&lt;Konto-ID&gt;</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <source>No preview yet.</source>
        <translation>Noch keine Vorschau.</translation>
    </message>
    <message>
        <source>The inputs changed since this preview: preview again to run.</source>
        <translation>Die Eingaben haben sich seit dieser Vorschau geändert: Erstellen Sie erneut eine Vorschau, um den Vorgang zu starten.</translation>
    </message>
    <message>
        <source>Show &amp;differences</source>
        <translation>&amp;Unterschiede zeigen</translation>
    </message>
    <message>
        <source>Local and remote copy side by side, for the selected row or the first that differs (Ctrl+D, or double-click a row)</source>
        <translation>Lokale Kopie und Kopie im Bucket nebeneinander, für die ausgewählte Zeile oder die erste abweichende (Strg+D, oder Doppelklick auf eine Zeile)</translation>
    </message>
    <message>
        <source>Push…</source>
        <translation>Hochladen…</translation>
    </message>
    <message>
        <source>Review and run the checked rows (Ctrl+Enter)</source>
        <translation>Die angehakten Zeilen prüfen und übertragen (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>&amp;Ticks</source>
        <translation>&amp;Haken</translation>
    </message>
    <message>
        <source>Tick, untick or invert every row the filter shows (Ctrl++, Ctrl+-, *); Space ticks or unticks the selected rows</source>
        <translation>Alle vom Filter gezeigten Zeilen anhaken, abhaken oder umkehren (Strg++, Strg+-, *); die Leertaste hakt die ausgewählten Zeilen an oder ab</translation>
    </message>
    <message>
        <source>Preview:</source>
        <translation>Vorschau:</translation>
    </message>
    <message>
        <source>Show only: {meaning}</source>
        <translation>Nur zeigen: {meaning}</translation>
    </message>
    <message>
        <source>Show only {state}</source>
        <translation>Nur „{state}“ zeigen</translation>
    </message>
    <message>
        <source>filter by path</source>
        <translation>nach Pfad filtern</translation>
    </message>
    <message>
        <source>Filter the preview by path</source>
        <translation>Die Vorschau nach Pfad filtern</translation>
    </message>
    <message>
        <source>Pull…</source>
        <translation>Herunterladen…</translation>
    </message>
    <message>
        <source>{state} {count}</source>
        <translation>{state} {count}</translation>
    </message>
</context>
<context>
    <name>PreviewSession</name>
    <message>
        <source>Previewing push…</source>
        <translation>Vorschau fürs Hochladen wird erstellt…</translation>
    </message>
    <message>
        <source>Previewing pull…</source>
        <translation>Vorschau fürs Herunterladen wird erstellt…</translation>
    </message>
</context>
<context>
    <name>PreviewTable</name>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>ProgressRow</name>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running job (Esc)</source>
        <translation>Den laufenden Vorgang anhalten (Esc)</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>Warten…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>time left not known yet</source>
        <translation>Restzeit noch unbekannt</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>noch {time}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>RemoteDelete</name>
    <message>
        <source>Nothing selected</source>
        <translation>Nichts ausgewählt</translation>
    </message>
    <message>
        <source>Select files or folders in the bucket&apos;s tree (right side), then choose Delete remote… again.</source>
        <translation>Wählen Sie Dateien oder Ordner im Baum des Buckets (rechts) aus und wählen Sie dann erneut „Im Bucket löschen…“.</translation>
    </message>
    <message>
        <source>Listing what to delete…</source>
        <translation>Zu Löschendes wird aufgelistet…</translation>
    </message>
    <message>
        <source>Nothing to delete</source>
        <translation>Nichts zu löschen</translation>
    </message>
    <message>
        <source>No file in the bucket matches the selection and the include/exclude filters.</source>
        <translation>Keine Datei im Bucket passt zur Auswahl und zu den Filtern (Einschließen/Ausschließen).</translation>
    </message>
    <message>
        <source>Files deleted before this stay deleted; the tree of the bucket shows what is left.</source>
        <translation>Bereits gelöschte Dateien bleiben gelöscht; der Baum des Buckets zeigt, was übrig ist.</translation>
    </message>
    <message>
        <source>Deleting was cancelled; the bucket&apos;s tree shows what is left.</source>
        <translation>Löschen abgebrochen; der Baum des Buckets zeigt, was übrig ist.</translation>
    </message>
    <message>
        <source>{problem}; the bucket&apos;s tree shows what is left.</source>
        <translation>{problem}; der Baum des Buckets zeigt, was übrig ist.</translation>
    </message>
</context>
<context>
    <name>RemoteTreeModel</name>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>The bucket&apos;s checksum of the content: two copies with the same checksum hold the same bytes.</source>
        <translation>Die Prüfsumme des Buckets für den Inhalt: Zwei Kopien mit derselben Prüfsumme enthalten dieselben Bytes.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>Prüfsumme</translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation>{size} Bytes</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>Request files into {name}</source>
        <translation>Dateien anfordern in {name}</translation>
    </message>
    <message>
        <source>A link to an upload page: whoever has it can send files into &lt;b&gt;{where}&lt;/b&gt;, without an account, and can neither see nor change anything in the bucket. The files arrive below &lt;b&gt;{incoming}&lt;/b&gt;, in a folder for this link.</source>
        <translation>Ein Link zu einer Upload-Seite: Wer ihn hat, kann ohne Konto Dateien nach &lt;b&gt;{where}&lt;/b&gt; senden, im Bucket aber nichts sehen oder ändern. Die Dateien landen unter &lt;b&gt;{incoming}&lt;/b&gt;, in einem eigenen Ordner für diesen Link.</translation>
    </message>
    <message>
        <source>Largest file a sender may send</source>
        <translation>Größte Datei, die jemand senden darf</translation>
    </message>
    <message>
        <source>Each file &amp;up to:</source>
        <translation>Je Datei &amp;höchstens:</translation>
    </message>
    <message>
        <source>The link is ready. It works until &lt;b&gt;{until}&lt;/b&gt;.</source>
        <translation>Der Link ist fertig. Er gilt bis &lt;b&gt;{until}&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>Files sent through this link arrive in &lt;b&gt;{incoming}&lt;/b&gt; (a folder for each sending). View ▸ Refresh shows them in the bucket&apos;s tree.</source>
        <translation>Über diesen Link gesendete Dateien landen in &lt;b&gt;{incoming}&lt;/b&gt; (ein Ordner je Sendung). Ansicht ▸ Aktualisieren zeigt sie im Baum des Buckets.</translation>
    </message>
</context>
<context>
    <name>RunFilesModel</name>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Replaced version kept at</source>
        <translation>Ersetzte Version aufbewahrt unter</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>Runs</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Files of the run</source>
        <translation>Dateien des Vorgangs</translation>
    </message>
    <message>
        <source>What undoing the run does</source>
        <translation>Was das Rückgängigmachen des Vorgangs tut</translation>
    </message>
    <message>
        <source>Select a run to see its files.</source>
        <translation>Wählen Sie einen Vorgang, um seine Dateien zu sehen.</translation>
    </message>
    <message>
        <source>Undo progress</source>
        <translation>Fortschritt des Rückgängigmachens</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the undo before its next file</source>
        <translation>Das Rückgängigmachen vor der nächsten Datei anhalten</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Undo this run…</source>
        <translation>Vorgang &amp;rückgängig machen…</translation>
    </message>
    <message>
        <source>Put back what the selected run replaced or deleted, and remove what it created; shows what it will do and asks first</source>
        <translation>Stellt wieder her, was der gewählte Vorgang ersetzt oder gelöscht hat, und entfernt, was er angelegt hat; zeigt vorher, was geschehen wird, und fragt nach</translation>
    </message>
    <message>
        <source>Every push, pull, delete and undo on this computer, newest first. Select a run to see its files; &lt;i&gt;Undo this run…&lt;/i&gt; puts back what it replaced or deleted and removes what it created, after showing what it will do.</source>
        <translation>Jedes Hochladen, Herunterladen, Löschen und Rückgängigmachen auf diesem Computer, das neueste zuerst. Wählen Sie einen Vorgang, um seine Dateien zu sehen; &lt;i&gt;Vorgang rückgängig machen…&lt;/i&gt; stellt wieder her, was er ersetzt oder gelöscht hat, und entfernt, was er angelegt hat – nachdem es gezeigt hat, was geschehen wird.</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <source>Share {name}</source>
        <translation>{name} teilen</translation>
    </message>
    <message>
        <source>A link to a page that lists the files in &lt;b&gt;{where}&lt;/b&gt;, each with its own download link. Whoever has the link can download them, without an account.</source>
        <translation>Ein Link zu einer Seite, die die Dateien in &lt;b&gt;{where}&lt;/b&gt; auflistet, jede mit ihrem eigenen Download-Link. Wer den Link hat, kann sie ohne Konto herunterladen.</translation>
    </message>
    <message>
        <source>A link that downloads the file &lt;b&gt;{where}&lt;/b&gt;. Whoever has the link can download it, without an account.</source>
        <translation>Ein Link, der die Datei &lt;b&gt;{where}&lt;/b&gt; herunterlädt. Wer den Link hat, kann sie ohne Konto herunterladen.</translation>
    </message>
    <message>
        <source>The link is ready ({what}). It works until &lt;b&gt;{until}&lt;/b&gt;.</source>
        <translation>Der Link ist fertig ({what}). Er gilt bis &lt;b&gt;{until}&lt;/b&gt;.</translation>
    </message>
</context>
<context>
    <name>SharesDialog</name>
    <message>
        <source>Shares and requests</source>
        <translation>Geteilte Links und Anfragen</translation>
    </message>
    <message>
        <source>The links made for the bucket &lt;b&gt;{bucket}&lt;/b&gt;, from any computer, newest first. Select one to copy its link again or to revoke it.</source>
        <translation>Die Links, die für den Bucket &lt;b&gt;{bucket}&lt;/b&gt; erstellt wurden, von jedem Computer aus, die neuesten zuerst. Wählen Sie einen aus, um seinen Link erneut zu kopieren oder ihn zu widerrufen.</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <source>&amp;Revoke…</source>
        <translation>&amp;Widerrufen…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reading the list…</source>
        <translation>Die Liste wird gelesen…</translation>
    </message>
    <message>
        <source>No links have been made for this bucket.</source>
        <translation>Für diesen Bucket wurden keine Links erstellt.</translation>
    </message>
    <message>
        <source>Copied the link to &lt;b&gt;{path}&lt;/b&gt;. It works until {until}.</source>
        <translation>Der Link zu &lt;b&gt;{path}&lt;/b&gt; ist kopiert. Er gilt bis {until}.</translation>
    </message>
    <message>
        <source>Revoke this link?</source>
        <translation>Diesen Link widerrufen?</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Revoking…</source>
        <translation>Wird widerrufen…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Revoked:&lt;/b&gt; {what}. {reachable}</source>
        <translation>&lt;b&gt;Widerrufen:&lt;/b&gt; {what}. {reachable}</translation>
    </message>
</context>
<context>
    <name>SharesModel</name>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>Files / size</source>
        <translation>Dateien / Größe</translation>
    </message>
    <message>
        <source>File link</source>
        <translation>Dateilink</translation>
    </message>
    <message>
        <source>Folder link</source>
        <translation>Ordnerlink</translation>
    </message>
    <message>
        <source>Request for files</source>
        <translation>Dateianfrage</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
</context>
<context>
    <name>UndoConfirmDialog</name>
    <message>
        <source>Undo {run}?</source>
        <translation>Rückgängig machen: {run}?</translation>
    </message>
    <message>
        <source>Files to put back</source>
        <translation>Wiederherzustellende Dateien</translation>
    </message>
    <message>
        <source>Files to remove</source>
        <translation>Zu entfernende Dateien</translation>
    </message>
    <message>
        <source>Files left alone</source>
        <translation>Unangetastete Dateien</translation>
    </message>
</context>
<context>
    <name>UndoModel</name>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>What the undo does</source>
        <translation>Was das Rückgängigmachen tut</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>Dieser Computer</translation>
    </message>
    <message>
        <source>Bucket</source>
        <translation>Bucket</translation>
    </message>
</context>
<context>
    <name>backups_tab</name>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n Vorgang</numerusform>
            <numerusform>%n Vorgänge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n object(s)</source>
        <translation>
            <numerusform>%n Objekt</numerusform>
            <numerusform>%n Objekte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> day(s)</source>
        <translation>
            <numerusform> Tag</numerusform>
            <numerusform> Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Remove backups older than %n day(s)…</source>
        <translation>
            <numerusform>Sicherungen älter als %n Tag &amp;entfernen…</numerusform>
            <numerusform>Sicherungen älter als %n Tage &amp;entfernen…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No backups are older than %n day(s).</source>
        <translation>
            <numerusform>Keine Sicherung ist älter als %n Tag.</numerusform>
            <numerusform>Keine Sicherung ist älter als %n Tage.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove the backups older than %n day(s) from the bucket: {totals}?

They cannot be recovered afterwards, and those runs can then no longer be undone.</source>
        <translation>
            <numerusform>Die Sicherungen, die älter als %n Tag sind, aus dem Bucket entfernen: {totals}?

Sie lassen sich danach nicht wiederherstellen, und diese Vorgänge können dann nicht mehr rückgängig gemacht werden.</numerusform>
            <numerusform>Die Sicherungen, die älter als %n Tage sind, aus dem Bucket entfernen: {totals}?

Sie lassen sich danach nicht wiederherstellen, und diese Vorgänge können dann nicht mehr rückgängig gemacht werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Older than %n day(s): {totals}.</source>
        <translation>
            <numerusform>Älter als %n Tag: {totals}.</numerusform>
            <numerusform>Älter als %n Tage: {totals}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removing the backups older than %n day(s)…</source>
        <translation>
            <numerusform>Sicherungen älter als %n Tag werden entfernt…</numerusform>
            <numerusform>Sicherungen älter als %n Tage werden entfernt…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed the backups older than %n day(s) ({totals}).</source>
        <translation>
            <numerusform>Sicherungen älter als %n Tag entfernt ({totals}).</numerusform>
            <numerusform>Sicherungen älter als %n Tage entfernt ({totals}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>confirm_dialog</name>
    <message>
        <source>1 file in the bucket will be updated: it is still the copy last synced, so no change is lost.</source>
        <translation>1 Datei im Bucket wird aktualisiert: Sie ist noch die zuletzt abgeglichene Kopie, also geht keine Änderung verloren.</translation>
    </message>
    <message>
        <source>1 file on this computer will be updated: it is still the copy last synced, so no change is lost.</source>
        <translation>1 Datei auf diesem Computer wird aktualisiert: Sie ist noch die zuletzt abgeglichene Kopie, also geht keine Änderung verloren.</translation>
    </message>
    <message numerus="yes">
        <source>%n files in the bucket will be updated: they are still the copy last synced, so no change is lost.</source>
        <translation>
            <numerusform>%n Datei im Bucket wird aktualisiert: Sie ist noch die zuletzt abgeglichene Kopie, also geht keine Änderung verloren.</numerusform>
            <numerusform>%n Dateien im Bucket werden aktualisiert: Sie sind noch die zuletzt abgeglichenen Kopien, also geht keine Änderung verloren.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n files on this computer will be updated: they are still the copy last synced, so no change is lost.</source>
        <translation>
            <numerusform>%n Datei auf diesem Computer wird aktualisiert: Sie ist noch die zuletzt abgeglichene Kopie, also geht keine Änderung verloren.</numerusform>
            <numerusform>%n Dateien auf diesem Computer werden aktualisiert: Sie sind noch die zuletzt abgeglichenen Kopien, also geht keine Änderung verloren.</numerusform>
        </translation>
    </message>
    <message>
        <source>1 file in the bucket changed since the last sync, or was never synced here, and would be &lt;b&gt;replaced&lt;/b&gt;:</source>
        <translation>1 Datei im Bucket wurde seit dem letzten Abgleich geändert oder hier nie abgeglichen und würde &lt;b&gt;ersetzt&lt;/b&gt;:</translation>
    </message>
    <message>
        <source>1 file on this computer changed since the last sync, or was never synced here, and would be &lt;b&gt;replaced&lt;/b&gt;:</source>
        <translation>1 Datei auf diesem Computer wurde seit dem letzten Abgleich geändert oder hier nie abgeglichen und würde &lt;b&gt;ersetzt&lt;/b&gt;:</translation>
    </message>
    <message numerus="yes">
        <source>%n files in the bucket changed since the last sync, or were never synced here, and would be &lt;b&gt;replaced&lt;/b&gt;:</source>
        <translation>
            <numerusform>%n Datei im Bucket wurde seit dem letzten Abgleich geändert oder hier nie abgeglichen und würde &lt;b&gt;ersetzt&lt;/b&gt;:</numerusform>
            <numerusform>%n Dateien im Bucket wurden seit dem letzten Abgleich geändert oder hier nie abgeglichen und würden &lt;b&gt;ersetzt&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n files on this computer changed since the last sync, or were never synced here, and would be &lt;b&gt;replaced&lt;/b&gt;:</source>
        <translation>
            <numerusform>%n Datei auf diesem Computer wurde seit dem letzten Abgleich geändert oder hier nie abgeglichen und würde &lt;b&gt;ersetzt&lt;/b&gt;:</numerusform>
            <numerusform>%n Dateien auf diesem Computer wurden seit dem letzten Abgleich geändert oder hier nie abgeglichen und würden &lt;b&gt;ersetzt&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Push %n file(s)?</source>
        <translation>
            <numerusform>%n Datei hochladen?</numerusform>
            <numerusform>%n Dateien hochladen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pull %n file(s)?</source>
        <translation>
            <numerusform>%n Datei herunterladen?</numerusform>
            <numerusform>%n Dateien herunterladen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Push&lt;/b&gt; %n file(s) ({size})&lt;br&gt;from &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;to &lt;b&gt;{target}&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Hochladen&lt;/b&gt;: %n Datei ({size})&lt;br&gt;von &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;nach &lt;b&gt;{target}&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Hochladen&lt;/b&gt;: %n Dateien ({size})&lt;br&gt;von &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;nach &lt;b&gt;{target}&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Pull&lt;/b&gt; %n file(s) ({size})&lt;br&gt;from &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;to &lt;b&gt;{target}&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Herunterladen&lt;/b&gt;: %n Datei ({size})&lt;br&gt;von &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;nach &lt;b&gt;{target}&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Herunterladen&lt;/b&gt;: %n Dateien ({size})&lt;br&gt;von &lt;b&gt;{source}&lt;/b&gt;&lt;br&gt;nach &lt;b&gt;{target}&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>Files that will be updated</source>
        <translation>Dateien, die aktualisiert werden</translation>
    </message>
    <message>
        <source>Files that would replace a changed copy, with the reason</source>
        <translation>Dateien, die eine geänderte Kopie ersetzen würden, mit dem Grund</translation>
    </message>
    <message numerus="yes">
        <source>Overwrite the %n file(s) listed above</source>
        <translation>
            <numerusform>Die %n oben aufgeführte Datei überschreiben</numerusform>
            <numerusform>Die %n oben aufgeführten Dateien überschreiben</numerusform>
        </translation>
    </message>
    <message>
        <source>Allow overwriting</source>
        <translation>Überschreiben erlauben</translation>
    </message>
    <message>
        <source>Nothing else will be replaced.</source>
        <translation>Sonst wird nichts ersetzt.</translation>
    </message>
    <message>
        <source>Nothing will be replaced.</source>
        <translation>Es wird nichts ersetzt.</translation>
    </message>
    <message numerus="yes">
        <source>Push %n file(s), leave the listed ones alone</source>
        <translation>
            <numerusform>%n Datei hochladen, die aufgeführten unverändert lassen</numerusform>
            <numerusform>%n Dateien hochladen, die aufgeführten unverändert lassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pull %n file(s), leave the listed ones alone</source>
        <translation>
            <numerusform>%n Datei herunterladen, die aufgeführten unverändert lassen</numerusform>
            <numerusform>%n Dateien herunterladen, die aufgeführten unverändert lassen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Push %n file(s)</source>
        <translation>
            <numerusform>%n Datei hochladen</numerusform>
            <numerusform>%n Dateien hochladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pull %n file(s)</source>
        <translation>
            <numerusform>%n Datei herunterladen</numerusform>
            <numerusform>%n Dateien herunterladen</numerusform>
        </translation>
    </message>
    <message>
        <source>Name collisions block the run</source>
        <translation>Namenskollisionen verhindern den Vorgang</translation>
    </message>
    <message>
        <source>{count} paths are a file on one side and a folder on the other ({names}). Rename them, exclude them with a filter, or uncheck their rows.</source>
        <translation>{count} Pfade sind auf der einen Seite eine Datei und auf der anderen ein Ordner ({names}). Benennen Sie sie um, schließen Sie sie mit einem Filter aus oder entfernen Sie den Haken ihrer Zeilen.</translation>
    </message>
    <message>
        <source>Nothing to do</source>
        <translation>Nichts zu tun</translation>
    </message>
    <message>
        <source>No checked row needs a transfer.</source>
        <translation>Keine angehakte Zeile muss übertragen werden.</translation>
    </message>
    <message>
        <source>The replaced local versions go to the trash (or a backup folder) first, so you can get them back ({undo}).</source>
        <translation>Die ersetzten lokalen Versionen kommen zuerst in den Papierkorb (oder einen Sicherungsordner), Sie können sie also zurückholen ({undo}).</translation>
    </message>
    <message>
        <source>the replaced copies in the bucket</source>
        <translation>die ersetzten Kopien im Bucket</translation>
    </message>
</context>
<context>
    <name>delete_dialog</name>
    <message numerus="yes">
        <source>Delete %n file(s) from the bucket?</source>
        <translation>
            <numerusform>%n Datei aus dem Bucket löschen?</numerusform>
            <numerusform>%n Dateien aus dem Bucket löschen?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Delete&lt;/b&gt; %n file(s) ({size}) from &lt;b&gt;{where}&lt;/b&gt;.</source>
        <translation>
            <numerusform>&lt;b&gt;Löschen&lt;/b&gt;: %n Datei ({size}) aus &lt;b&gt;{where}&lt;/b&gt;.</numerusform>
            <numerusform>&lt;b&gt;Löschen&lt;/b&gt;: %n Dateien ({size}) aus &lt;b&gt;{where}&lt;/b&gt;.</numerusform>
        </translation>
    </message>
    <message>
        <source>the deleted files</source>
        <translation>die gelöschten Dateien</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) that match will be &lt;b&gt;left alone&lt;/b&gt;: deleting them is not safe.</source>
        <translation>
            <numerusform>%n passendes Objekt bleibt &lt;b&gt;unangetastet&lt;/b&gt;: Es zu löschen ist nicht sicher.</numerusform>
            <numerusform>%n passende Objekte bleiben &lt;b&gt;unangetastet&lt;/b&gt;: Sie zu löschen ist nicht sicher.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n file(s)</source>
        <translation>
            <numerusform>%n Datei löschen</numerusform>
            <numerusform>%n Dateien löschen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>diff_content</name>
    <message>
        <source>UTF-8 with BOM</source>
        <translation>UTF-8 mit BOM</translation>
    </message>
    <message>
        <source>UTF-16LE with BOM</source>
        <translation>UTF-16LE mit BOM</translation>
    </message>
    <message>
        <source>UTF-16BE with BOM</source>
        <translation>UTF-16BE mit BOM</translation>
    </message>
    <message>
        <source>mixed</source>
        <translation>gemischt</translation>
    </message>
    <message>
        <source>Both copies are byte for byte the same.</source>
        <translation>Beide Kopien sind Byte für Byte gleich.</translation>
    </message>
    <message>
        <source>The encodings differ: local {local}, remote {remote}.</source>
        <translation>Die Kodierungen unterscheiden sich: lokal {local}, im Bucket {remote}.</translation>
    </message>
    <message>
        <source>The line endings differ: local {local}, remote {remote}.</source>
        <translation>Die Zeilenenden unterscheiden sich: lokal {local}, im Bucket {remote}.</translation>
    </message>
    <message>
        <source>The local file ends with a line break, the remote file does not.</source>
        <translation>Die lokale Datei endet mit einem Zeilenumbruch, die Datei im Bucket nicht.</translation>
    </message>
    <message>
        <source>The remote file ends with a line break, the local file does not.</source>
        <translation>Die Datei im Bucket endet mit einem Zeilenumbruch, die lokale Datei nicht.</translation>
    </message>
    <message>
        <source>The texts read the same, but their bytes differ.</source>
        <translation>Die Texte lesen sich gleich, aber ihre Bytes unterscheiden sich.</translation>
    </message>
    <message>
        <source>Some parts differ in too many places to align line by line; there, lines are compared by position.</source>
        <translation>Manche Teile unterscheiden sich an zu vielen Stellen, um sie Zeile für Zeile zuzuordnen; dort werden die Zeilen nach ihrer Position verglichen.</translation>
    </message>
    <message>
        <source>The local file is the beginning of the other ({bytes} bytes).</source>
        <translation>Die lokale Datei ist der Anfang der anderen ({bytes} Bytes).</translation>
    </message>
    <message>
        <source>The remote file is the beginning of the other ({bytes} bytes).</source>
        <translation>Die Datei im Bucket ist der Anfang der anderen ({bytes} Bytes).</translation>
    </message>
    <message>
        <source>The first difference is at byte {offset} ({hex}).</source>
        <translation>Der erste Unterschied liegt bei Byte {offset} ({hex}).</translation>
    </message>
</context>
<context>
    <name>diff_dialog</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>This file is only on one side, so there is nothing to compare.</source>
        <translation>Diese Datei gibt es nur auf einer Seite, es gibt also nichts zu vergleichen.</translation>
    </message>
    <message>
        <source>Nothing to compare</source>
        <translation>Nichts zu vergleichen</translation>
    </message>
    <message>
        <source>{path} is no longer there. Preview again to see the current state.</source>
        <translation>{path} ist nicht mehr da. Erstellen Sie erneut eine Vorschau, um den aktuellen Stand zu sehen.</translation>
    </message>
    <message>
        <source>Local file not found</source>
        <translation>Lokale Datei nicht gefunden</translation>
    </message>
    <message>
        <source>{path} cannot be read ({reason}).</source>
        <translation>{path} kann nicht gelesen werden ({reason}).</translation>
    </message>
    <message>
        <source>Cannot read the local file</source>
        <translation>Lokale Datei nicht lesbar</translation>
    </message>
    <message>
        <source>The local file is {size}, more than the {limit} that are read for comparing. Raise the limit to see it.</source>
        <translation>Die lokale Datei ist {size} groß, mehr als die {limit}, die zum Vergleichen gelesen werden. Erhöhen Sie die Grenze, um sie zu sehen.</translation>
    </message>
    <message>
        <source>{error} Preview again to see the current state.</source>
        <translation>{error} Erstellen Sie erneut eine Vorschau, um den aktuellen Stand zu sehen.</translation>
    </message>
    <message>
        <source>Not in the bucket</source>
        <translation>Nicht im Bucket</translation>
    </message>
</context>
<context>
    <name>export_dialog</name>
    <message>
        <source>Export the preview</source>
        <translation>Vorschau exportieren</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>Export nicht möglich</translation>
    </message>
    <message>
        <source>Saving {path} failed: {reason}.</source>
        <translation>{path} konnte nicht gespeichert werden: {reason}.</translation>
    </message>
</context>
<context>
    <name>filter_patterns</name>
    <message>
        <source>Wildcards, matched against each file&apos;s path below the local folder, e.g. raw/data.csv.
*.csv — files ending in .csv, in any folder
raw/ — everything in folders named raw
data/*.csv — .csv files directly in data
**/*.png — .png files at any depth
Separate several patterns with &apos;;&apos;.
A file the exclude filter matches is left out even if the include filter matches it.</source>
        <translation>Platzhalter, verglichen mit dem Pfad jeder Datei unter dem lokalen Ordner, z. B. raw/data.csv.
*.csv — Dateien, die auf .csv enden, in jedem Ordner
raw/ — alles in Ordnern namens raw
data/*.csv — .csv-Dateien direkt in data
**/*.png — .png-Dateien in beliebiger Tiefe
Mehrere Muster trennen Sie mit &apos;;&apos;.
Eine Datei, auf die der Ausschließen-Filter passt, bleibt außen vor, auch wenn der Einschließen-Filter auf sie passt.</translation>
    </message>
    <message>
        <source>A regular expression, matched against each file&apos;s path below the local folder, e.g. raw/data.csv.
It must match from the start of the path: .*\.csv$ selects every .csv file.
A file the exclude filter matches is left out even if the include filter matches it.</source>
        <translation>Ein regulärer Ausdruck, verglichen mit dem Pfad jeder Datei unter dem lokalen Ordner, z. B. raw/data.csv.
Er muss ab dem Anfang des Pfads passen: .*\.csv$ wählt jede .csv-Datei.
Eine Datei, auf die der Ausschließen-Filter passt, bleibt außen vor, auch wenn der Einschließen-Filter auf sie passt.</translation>
    </message>
    <message>
        <source>all files; e.g. .*\.csv$</source>
        <translation>alle Dateien; z. B. .*\.csv$</translation>
    </message>
    <message>
        <source>all files; e.g. *.csv; raw/</source>
        <translation>alle Dateien; z. B. *.csv; raw/</translation>
    </message>
    <message>
        <source>nothing; e.g. .*\.tmp$</source>
        <translation>nichts; z. B. .*\.tmp$</translation>
    </message>
    <message>
        <source>nothing; e.g. *.tmp; cache/</source>
        <translation>nichts; z. B. *.tmp; cache/</translation>
    </message>
    <message>
        <source>The include filter &apos;{text}&apos; is not a valid pattern: {reason}.</source>
        <translation>Der Einschließen-Filter „{text}“ ist kein gültiges Muster: {reason}.</translation>
    </message>
    <message>
        <source>The exclude filter &apos;{text}&apos; is not a valid pattern: {reason}.</source>
        <translation>Der Ausschließen-Filter „{text}“ ist kein gültiges Muster: {reason}.</translation>
    </message>
    <message>
        <source>Invalid filter</source>
        <translation>Ungültiger Filter</translation>
    </message>
</context>
<context>
    <name>guide_text</name>
    <message>
        <source>Pick a connection</source>
        <translation>Eine Verbindung wählen</translation>
    </message>
    <message>
        <source>&lt;i&gt;Connection&lt;/i&gt; at the top says which bucket to use. &lt;i&gt;Local folder&lt;/i&gt; needs no account: it is a folder on this computer that acts as a bucket, so you can try everything safely. &lt;i&gt;Manage…&lt;/i&gt; adds your own (Amazon S3, Google Cloud Storage, Azure, MinIO…); &lt;i&gt;Test connection&lt;/i&gt; checks it.</source>
        <translation>&lt;i&gt;Verbindung&lt;/i&gt; oben legt fest, welcher Bucket verwendet wird. &lt;i&gt;Lokaler Ordner&lt;/i&gt; braucht kein Konto: Es ist ein Ordner auf diesem Computer, der als Bucket dient, so können Sie alles gefahrlos ausprobieren. &lt;i&gt;Verwalten…&lt;/i&gt; fügt Ihre eigenen hinzu (Amazon S3, Google Cloud Storage, Azure, MinIO…); &lt;i&gt;Verbindung testen&lt;/i&gt; prüft sie.</translation>
    </message>
    <message>
        <source>Choose the two places</source>
        <translation>Die beiden Orte wählen</translation>
    </message>
    <message>
        <source>&lt;i&gt;Local&lt;/i&gt; is the folder on this computer. The &lt;i&gt;bucket&lt;/i&gt; is the storage the connection points to; &lt;i&gt;Remote&lt;/i&gt; picks a folder inside it (empty: all of it), and the same folder is used on both sides: Local &lt;code&gt;~/work&lt;/code&gt; with Remote &lt;code&gt;photos&lt;/code&gt; compares &lt;code&gt;~/work/photos&lt;/code&gt; with &lt;code&gt;photos&lt;/code&gt; in the bucket.</source>
        <translation>&lt;i&gt;Lokal&lt;/i&gt; ist der Ordner auf diesem Computer. Der &lt;i&gt;Bucket&lt;/i&gt; ist der Speicher, auf den die Verbindung zeigt; &lt;i&gt;Entfernt&lt;/i&gt; wählt einen Ordner darin (leer: alles), und derselbe Ordner wird auf beiden Seiten verwendet: Lokal &lt;code&gt;~/work&lt;/code&gt; mit Entfernt &lt;code&gt;photos&lt;/code&gt; vergleicht &lt;code&gt;~/work/photos&lt;/code&gt; mit &lt;code&gt;photos&lt;/code&gt; im Bucket.</translation>
    </message>
    <message>
        <source>Preview first</source>
        <translation>Zuerst die Vorschau</translation>
    </message>
    <message>
        <source>&lt;i&gt;Preview push ▲&lt;/i&gt; (F5) shows what sending your files to the bucket would do; &lt;i&gt;Preview pull ▼&lt;/i&gt; (Shift+F5) what fetching them from the bucket would do. A preview changes nothing.</source>
        <translation>&lt;i&gt;Vorschau Hochladen ▲&lt;/i&gt; (F5) zeigt, was das Senden Ihrer Dateien in den Bucket bewirken würde; &lt;i&gt;Vorschau Herunterladen ▼&lt;/i&gt; (Umschalt+F5), was das Holen aus dem Bucket bewirken würde. Eine Vorschau ändert nichts.</translation>
    </message>
    <message>
        <source>Read the states</source>
        <translation>Die Zustände lesen</translation>
    </message>
    <message>
        <source>Every file gets a state, shown by a colour, a shape and a word (the colours alone are never the only sign):{states}</source>
        <translation>Jede Datei bekommt einen Zustand, gezeigt durch eine Farbe, eine Form und ein Wort (die Farbe ist nie das einzige Zeichen):{states}</translation>
    </message>
    <message>
        <source>Tick what should be copied</source>
        <translation>Anhaken, was kopiert werden soll</translation>
    </message>
    <message>
        <source>Only ticked rows are copied; untick a row to leave that file alone. The buttons above the table (New, Differs…) show only the rows in one state, and the filter field finds files by name.</source>
        <translation>Nur angehakte Zeilen werden kopiert; entfernen Sie den Haken einer Zeile, um diese Datei unverändert zu lassen. Die Schaltflächen über der Tabelle (Neu, Unterschiedlich…) zeigen nur die Zeilen in einem Zustand, und das Filterfeld findet Dateien nach Namen.</translation>
    </message>
    <message>
        <source>Look before you replace</source>
        <translation>Erst schauen, dann ersetzen</translation>
    </message>
    <message>
        <source>Select a row and press &lt;i&gt;Show differences&lt;/i&gt; (or double-click it) to see both copies side by side: text line by line, pictures next to each other.</source>
        <translation>Wählen Sie eine Zeile und klicken Sie auf &lt;i&gt;Unterschiede zeigen&lt;/i&gt; (oder doppelklicken Sie sie), um beide Kopien nebeneinander zu sehen: Text Zeile für Zeile, Bilder nebeneinander.</translation>
    </message>
    <message>
        <source>Push or pull</source>
        <translation>Hochladen oder Herunterladen</translation>
    </message>
    <message>
        <source>The &lt;i&gt;Push…&lt;/i&gt; or &lt;i&gt;Pull…&lt;/i&gt; button (Ctrl+Enter) opens a last check: what goes where, how much, and which files would be replaced. A copy that was changed on the other side is replaced only if you tick &lt;i&gt;Overwrite&lt;/i&gt; there.</source>
        <translation>Die Schaltfläche &lt;i&gt;Hochladen…&lt;/i&gt; oder &lt;i&gt;Herunterladen…&lt;/i&gt; (Strg+Eingabe) öffnet eine letzte Prüfung: was wohin geht, wie viel, und welche Dateien ersetzt würden. Eine Kopie, die auf der anderen Seite geändert wurde, wird nur ersetzt, wenn Sie dort &lt;i&gt;Überschreiben&lt;/i&gt; anhaken.</translation>
    </message>
    <message>
        <source>Changed your mind? Undo</source>
        <translation>Anders überlegt? Rückgängig machen</translation>
    </message>
    <message>
        <source>&lt;i&gt;View ▸ History&lt;/i&gt; lists every run; &lt;i&gt;Undo this run…&lt;/i&gt; puts back what it changed. Copies a push replaced are kept in the bucket, under &lt;code&gt;{in_bucket}/&lt;/code&gt; (or as the bucket&apos;s own older versions); files a pull replaced on this computer go to the trash, or where there is none to &lt;code&gt;{backups}&lt;/code&gt;. &lt;i&gt;View ▸ History ▸ Backups&lt;/i&gt; removes old copies once you no longer need them.</source>
        <translation>&lt;i&gt;Ansicht ▸ Verlauf&lt;/i&gt; listet jeden Vorgang auf; &lt;i&gt;Diesen Vorgang rückgängig machen…&lt;/i&gt; stellt wieder her, was er geändert hat. Kopien, die ein Hochladen ersetzt hat, werden im Bucket unter &lt;code&gt;{in_bucket}/&lt;/code&gt; aufbewahrt (oder als ältere Versionen des Buckets selbst); Dateien, die ein Herunterladen auf diesem Computer ersetzt hat, kommen in den Papierkorb, oder wo es keinen gibt, nach &lt;code&gt;{backups}&lt;/code&gt;. &lt;i&gt;Ansicht ▸ Verlauf ▸ Sicherungen&lt;/i&gt; entfernt alte Kopien, sobald Sie sie nicht mehr brauchen.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Bucket Ferry copies files between a folder on this computer and a &lt;b&gt;bucket&lt;/b&gt;: storage on a server, such as Amazon S3, or a folder used as one. It always shows you what it will do before it does anything.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Bucket Ferry kopiert Dateien zwischen einem Ordner auf diesem Computer und einem &lt;b&gt;Bucket&lt;/b&gt;: Speicher auf einem Server, etwa Amazon S3, oder ein Ordner, der als solcher dient. Es zeigt Ihnen immer, was es tun wird, bevor es etwas tut.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>history_dialog</name>
    <message numerus="yes">
        <source>… and %n more.</source>
        <translation>
            <numerusform>… und %n weitere.</numerusform>
            <numerusform>… und %n weitere.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be undone; the others were.</source>
        <translation>
            <numerusform>%n Datei konnte nicht wiederhergestellt werden; die anderen schon.</numerusform>
            <numerusform>%n Dateien konnten nicht wiederhergestellt werden; die anderen schon.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>history_words</name>
    <message>
        <source>Push</source>
        <translation>Hochladen</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Delete remote</source>
        <translation>Im Bucket löschen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig machen</translation>
    </message>
    <message>
        <source>the push of {started}</source>
        <translation>das Hochladen vom {started}</translation>
    </message>
    <message>
        <source>the pull of {started}</source>
        <translation>das Herunterladen vom {started}</translation>
    </message>
    <message>
        <source>the delete remote of {started}</source>
        <translation>das Löschen im Bucket vom {started}</translation>
    </message>
    <message>
        <source>the undo of {started}</source>
        <translation>das Rückgängigmachen vom {started}</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <source>The run did not record its end: the application quit or stopped before it finished (or the run is still going).</source>
        <translation>Der Vorgang hat sein Ende nicht verzeichnet: Die Anwendung wurde beendet oder angehalten, bevor er fertig war (oder der Vorgang läuft noch).</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not recorded as done</source>
        <translation>nicht als erledigt verzeichnet</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht verzeichnet</translation>
    </message>
    <message>
        <source>{kind} of {started}</source>
        <translation>{kind} vom {started}</translation>
    </message>
    <message>
        <source>the {kind} of {started}</source>
        <translation>{kind} vom {started}</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>{files}, all done</source>
        <translation>{files}, alle erledigt</translation>
    </message>
    <message>
        <source>Upload (new)</source>
        <translation>Hochladen (neu)</translation>
    </message>
    <message>
        <source>Download (new)</source>
        <translation>Herunterladen (neu)</translation>
    </message>
    <message>
        <source>Replace here</source>
        <translation>Hier ersetzen</translation>
    </message>
    <message>
        <source>Replace in bucket</source>
        <translation>Im Bucket ersetzen</translation>
    </message>
    <message>
        <source>Delete from bucket</source>
        <translation>Aus dem Bucket löschen</translation>
    </message>
    <message>
        <source>Put back here</source>
        <translation>Hier wiederherstellen</translation>
    </message>
    <message>
        <source>Put back in bucket</source>
        <translation>Im Bucket wiederherstellen</translation>
    </message>
    <message>
        <source>Remove here</source>
        <translation>Hier entfernen</translation>
    </message>
    <message>
        <source>Remove from bucket</source>
        <translation>Aus dem Bucket entfernen</translation>
    </message>
    <message>
        <source>Trash: {where}</source>
        <translation>Papierkorb: {where}</translation>
    </message>
    <message>
        <source>Backup folder: {where}</source>
        <translation>Sicherungsordner: {where}</translation>
    </message>
    <message>
        <source>Bucket: {where}</source>
        <translation>Bucket: {where}</translation>
    </message>
    <message>
        <source>Older version {where}</source>
        <translation>Ältere Version {where}</translation>
    </message>
    <message>
        <source>not kept</source>
        <translation>nicht aufbewahrt</translation>
    </message>
    <message>
        <source>put back {restore}, remove {remove}, leave {alone} alone ({conflicts} changed after the run)</source>
        <translation>{restore} wiederherstellen, {remove} entfernen, {alone} unverändert lassen ({conflicts} nach dem Vorgang geändert)</translation>
    </message>
    <message>
        <source>put back {restore}, remove {remove}, leave {alone} alone</source>
        <translation>{restore} wiederherstellen, {remove} entfernen, {alone} unverändert lassen</translation>
    </message>
    <message>
        <source>{restored} put back, {removed} removed, {failed} failed (cancelled)</source>
        <translation>{restored} wiederhergestellt, {removed} entfernt, {failed} fehlgeschlagen (abgebrochen)</translation>
    </message>
    <message>
        <source>{restored} put back, {removed} removed, {failed} failed</source>
        <translation>{restored} wiederhergestellt, {removed} entfernt, {failed} fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>jobs</name>
    <message>
        <source>Connected: bucket &apos;{bucket}&apos; is reachable with these settings.</source>
        <translation>Verbunden: Der Bucket „{bucket}“ ist mit diesen Einstellungen erreichbar.</translation>
    </message>
</context>
<context>
    <name>keeping_words</name>
    <message>
        <source>View ▸ History can undo this run</source>
        <translation>Ansicht ▸ Verlauf kann diesen Vorgang rückgängig machen</translation>
    </message>
    <message>
        <source>This bucket keeps versions: {what} stay recoverable as older versions ({hint}).</source>
        <translation>Dieser Bucket bewahrt Versionen auf: {what} bleiben als ältere Versionen wiederherstellbar ({hint}).</translation>
    </message>
    <message>
        <source>This bucket does not keep versions, so {what} are first kept in the bucket under {folder}/ ({hint}).</source>
        <translation>Dieser Bucket bewahrt keine Versionen auf, deshalb werden {what} zuerst im Bucket unter {folder}/ aufbewahrt ({hint}).</translation>
    </message>
    <message>
        <source>{What} are first kept in the bucket under {folder}/ ({hint}).</source>
        <translation>{What} werden zuerst im Bucket unter {folder}/ aufbewahrt ({hint}).</translation>
    </message>
    <message>
        <source>{What} will NOT be kept: bucket backups are off for this connection and the bucket keeps no versions, so they cannot be recovered.</source>
        <translation>{What} werden NICHT aufbewahrt: Sicherungen im Bucket sind für diese Verbindung ausgeschaltet, und der Bucket bewahrt keine Versionen auf; sie lassen sich also nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>{What} will NOT be kept: bucket backups are off for this connection, and the provider does not say whether the bucket keeps versions: assume they cannot be recovered.</source>
        <translation>{What} werden NICHT aufbewahrt: Sicherungen im Bucket sind für diese Verbindung ausgeschaltet, und der Anbieter sagt nicht, ob der Bucket Versionen aufbewahrt; gehen Sie davon aus, dass sie sich nicht wiederherstellen lassen.</translation>
    </message>
    <message>
        <source>files on this computer go to the trash (or this connection&apos;s backup folder) first, so you can get them back</source>
        <translation>Dateien auf diesem Computer kommen zuerst in den Papierkorb (oder in den Sicherungsordner dieser Verbindung), sodass Sie sie zurückholen können</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Unexpected error</source>
        <translation>Unerwarteter Fehler</translation>
    </message>
    <message>
        <source>Failed unexpectedly: {error}. Details are in the log.</source>
        <translation>Unerwartet fehlgeschlagen: {error}. Einzelheiten stehen im Protokoll.</translation>
    </message>
</context>
<context>
    <name>preview_model</name>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
    <message>
        <source>Local size</source>
        <translation>Größe lokal</translation>
    </message>
    <message>
        <source>Remote size</source>
        <translation>Größe im Bucket</translation>
    </message>
    <message>
        <source>Local modified</source>
        <translation>Geändert lokal</translation>
    </message>
    <message>
        <source>Remote modified</source>
        <translation>Geändert im Bucket</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>Inhalt</translation>
    </message>
    <message>
        <source>What a run would do with the file (or did, after a run); the box says whether it is part of the run</source>
        <translation>Was ein Vorgang mit der Datei tun würde (oder nach einem Vorgang getan hat); das Kästchen sagt, ob sie zum Vorgang gehört</translation>
    </message>
    <message>
        <source>Where the file is, below the chosen folder and bucket path</source>
        <translation>Wo die Datei liegt, unterhalb des gewählten Ordners und Bucket-Pfads</translation>
    </message>
    <message>
        <source>Size of the copy on this computer</source>
        <translation>Größe der Kopie auf diesem Computer</translation>
    </message>
    <message>
        <source>Size of the copy in the bucket</source>
        <translation>Größe der Kopie im Bucket</translation>
    </message>
    <message>
        <source>When the copy on this computer was last changed</source>
        <translation>Wann die Kopie auf diesem Computer zuletzt geändert wurde</translation>
    </message>
    <message>
        <source>When the copy in the bucket was uploaded</source>
        <translation>Wann die Kopie im Bucket hochgeladen wurde</translation>
    </message>
    <message>
        <source>Whether both copies hold the same bytes</source>
        <translation>Ob beide Kopien dieselben Bytes enthalten</translation>
    </message>
    <message>
        <source> ▲ later</source>
        <translation> ▲ später</translation>
    </message>
    <message>
        <source>same</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>different</source>
        <translation>unterschiedlich</translation>
    </message>
    <message>
        <source>not compared</source>
        <translation>nicht verglichen</translation>
    </message>
    <message>
        <source>Only one copy exists, so there is nothing to compare.</source>
        <translation>Es gibt nur eine Kopie, also nichts zu vergleichen.</translation>
    </message>
    <message>
        <source>Both copies hold the same bytes.</source>
        <translation>Beide Kopien enthalten dieselben Bytes.</translation>
    </message>
    <message>
        <source>Not compared: this file is left out before its copies are compared.</source>
        <translation>Nicht verglichen: Diese Datei wird ausgelassen, bevor ihre Kopien verglichen werden.</translation>
    </message>
    <message>
        <source>The copies hold different bytes. Their sizes already differ.</source>
        <translation>Die Kopien enthalten unterschiedliche Bytes. Schon ihre Größen unterscheiden sich.</translation>
    </message>
    <message>
        <source>The copies hold different bytes.</source>
        <translation>Die Kopien enthalten unterschiedliche Bytes.</translation>
    </message>
    <message>
        <source>Checksum (MD5) here: {here}
Checksum in the bucket: {bucket}</source>
        <translation>Prüfsumme (MD5) hier: {here}
Prüfsumme im Bucket: {bucket}</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>nicht berechnet</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>nicht bekannt</translation>
    </message>
    <message>
        <source>The copy on this computer is the later one.</source>
        <translation>Die Kopie auf diesem Computer ist die spätere.</translation>
    </message>
    <message>
        <source>The bucket&apos;s copy is the later one.</source>
        <translation>Die Kopie im Bucket ist die spätere.</translation>
    </message>
    <message>
        <source>No copy on this side.</source>
        <translation>Keine Kopie auf dieser Seite.</translation>
    </message>
    <message>
        <source>{size} bytes</source>
        <translation>{size} Bytes</translation>
    </message>
    <message>
        <source>A safe update: the target still has the copy last synced.</source>
        <translation>Eine sichere Aktualisierung: Das Ziel hat noch die zuletzt abgeglichene Kopie.</translation>
    </message>
    <message>
        <source>The replaced version is kept at {where}</source>
        <translation>Die ersetzte Version wird aufbewahrt unter {where}</translation>
    </message>
</context>
<context>
    <name>preview_pane</name>
    <message numerus="yes">
        <source>%n file(s) · {size} to transfer · {overwrites} of them only if you allow overwriting</source>
        <translation>
            <numerusform>%n Datei · {size} zu übertragen · {overwrites} davon nur, wenn Sie das Überschreiben erlauben</numerusform>
            <numerusform>%n Dateien · {size} zu übertragen · {overwrites} davon nur, wenn Sie das Überschreiben erlauben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) · {size} to transfer</source>
        <translation>
            <numerusform>%n Datei · {size} zu übertragen</numerusform>
            <numerusform>%n Dateien · {size} zu übertragen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>preview_words</name>
    <message numerus="yes">
        <source>Preview ready: %n file(s) ({size}) to push. Uncheck the rows to leave out, then click Push…</source>
        <translation>
            <numerusform>Vorschau fertig: %n Datei ({size}) zum Hochladen. Unerwünschte Zeilen abwählen, dann auf „Hochladen…“ klicken</numerusform>
            <numerusform>Vorschau fertig: %n Dateien ({size}) zum Hochladen. Unerwünschte Zeilen abwählen, dann auf „Hochladen…“ klicken</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Preview ready: %n file(s) ({size}) to pull. Uncheck the rows to leave out, then click Pull…</source>
        <translation>
            <numerusform>Vorschau fertig: %n Datei ({size}) zum Herunterladen. Unerwünschte Zeilen abwählen, dann auf „Herunterladen…“ klicken</numerusform>
            <numerusform>Vorschau fertig: %n Dateien ({size}) zum Herunterladen. Unerwünschte Zeilen abwählen, dann auf „Herunterladen…“ klicken</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to push: there are no files here that the filters let through.</source>
        <translation>Nichts hochzuladen: Hier gibt es keine Dateien, die die Filter durchlassen.</translation>
    </message>
    <message>
        <source>Nothing to pull: there are no files here that the filters let through.</source>
        <translation>Nichts herunterzuladen: Hier gibt es keine Dateien, die die Filter durchlassen.</translation>
    </message>
    <message>
        <source>Nothing to push: every file is identical.</source>
        <translation>Nichts hochzuladen: Alle Dateien sind gleich.</translation>
    </message>
    <message>
        <source>Nothing to pull: every file is identical.</source>
        <translation>Nichts herunterzuladen: Alle Dateien sind gleich.</translation>
    </message>
    <message>
        <source>Nothing to push: no file is new or changed ({states}).</source>
        <translation>Nichts hochzuladen: Keine Datei ist neu oder geändert ({states}).</translation>
    </message>
    <message>
        <source>Nothing to pull: no file is new or changed ({states}).</source>
        <translation>Nichts herunterzuladen: Keine Datei ist neu oder geändert ({states}).</translation>
    </message>
</context>
<context>
    <name>progress_row</name>
    <message numerus="yes">
        <source>{done}/%n file(s)</source>
        <translation>
            <numerusform>{done}/%n Datei</numerusform>
            <numerusform>{done}/%n Dateien</numerusform>
        </translation>
    </message>
    <message>
        <source>resuming: {done} of {size} already there</source>
        <translation>wird fortgesetzt: {done} von {size} schon vorhanden</translation>
    </message>
    <message>
        <source>({size} already there)</source>
        <translation>({size} schon vorhanden)</translation>
    </message>
</context>
<context>
    <name>remote_delete</name>
    <message numerus="yes">
        <source>%n object(s) that match cannot be deleted safely and are left alone.</source>
        <translation>
            <numerusform>%n passendes Objekt lässt sich nicht sicher löschen und bleibt unangetastet.</numerusform>
            <numerusform>%n passende Objekte lassen sich nicht sicher löschen und bleiben unangetastet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleting %n file(s)…</source>
        <translation>
            <numerusform>%n Datei wird gelöscht…</numerusform>
            <numerusform>%n Dateien werden gelöscht…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n file(s) from the bucket.</source>
        <translation>
            <numerusform>%n Datei aus dem Bucket gelöscht.</numerusform>
            <numerusform>%n Dateien aus dem Bucket gelöscht.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>request_dialog</name>
    <message>
        <source>Please send me your files here:

{url}

Choose the files on that page and press Send. Each file can be up to {size}. The link works until {until}; no account is needed.</source>
        <translation>Bitte senden Sie mir Ihre Dateien hier:

{url}

Wählen Sie auf dieser Seite die Dateien aus und klicken Sie auf „Send“. Jede Datei darf bis zu {size} groß sein. Der Link gilt bis {until}; ein Konto ist nicht nötig.</translation>
    </message>
</context>
<context>
    <name>row_actions</name>
    <message>
        <source>&amp;Include (tick)</source>
        <translation>&amp;Einschließen (anhaken)</translation>
    </message>
    <message>
        <source>Tick the selected rows: part of the run</source>
        <translation>Die ausgewählten Zeilen anhaken: Teil des Vorgangs</translation>
    </message>
    <message>
        <source>&amp;Exclude (untick)</source>
        <translation>&amp;Ausschließen (abhaken)</translation>
    </message>
    <message>
        <source>Untick the selected rows: left out of the run</source>
        <translation>Den Haken der ausgewählten Zeilen entfernen: beim Vorgang außen vor</translation>
    </message>
    <message>
        <source>Tick &amp;all</source>
        <translation>&amp;Alle anhaken</translation>
    </message>
    <message>
        <source>Tick every row the filter shows</source>
        <translation>Jede vom Filter gezeigte Zeile anhaken</translation>
    </message>
    <message>
        <source>Untick a&amp;ll</source>
        <translation>A&amp;lle abhaken</translation>
    </message>
    <message>
        <source>Untick every row the filter shows: nothing is left to run</source>
        <translation>Den Haken jeder vom Filter gezeigten Zeile entfernen: nichts bleibt zu übertragen</translation>
    </message>
    <message>
        <source>In&amp;vert ticks</source>
        <translation>Haken &amp;umkehren</translation>
    </message>
    <message>
        <source>Tick the unticked rows the filter shows and untick the ticked ones</source>
        <translation>Die vom Filter gezeigten Zeilen ohne Haken anhaken und den angehakten den Haken entfernen</translation>
    </message>
    <message>
        <source>Show &amp;differences</source>
        <translation>&amp;Unterschiede zeigen</translation>
    </message>
    <message>
        <source>The local and the bucket&apos;s copy of this file side by side</source>
        <translation>Die lokale Kopie und die Kopie im Bucket dieser Datei nebeneinander</translation>
    </message>
    <message>
        <source>&amp;Copy path</source>
        <translation>Pfad &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the paths of the selected rows, one per line</source>
        <translation>Die Pfade der ausgewählten Zeilen kopieren, einen pro Zeile</translation>
    </message>
    <message>
        <source>&amp;Open the local folder</source>
        <translation>Lokalen Ordner ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Show the folder on this computer that holds the file</source>
        <translation>Den Ordner auf diesem Computer zeigen, der die Datei enthält</translation>
    </message>
    <message>
        <source>Could not open the folder</source>
        <translation>Der Ordner konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No program opened {folder}. Open it in your file manager.</source>
        <translation>Kein Programm hat {folder} geöffnet. Öffnen Sie ihn in Ihrer Dateiverwaltung.</translation>
    </message>
</context>
<context>
    <name>run_notes_words</name>
    <message>
        <source>1 empty folder is not sent ({shown}): a bucket keeps no empty folders.</source>
        <translation>1 leerer Ordner wird nicht gesendet ({shown}): Ein Bucket bewahrt keine leeren Ordner auf.</translation>
    </message>
    <message numerus="yes">
        <source>%n empty folders are not sent ({shown}): a bucket keeps no empty folders.</source>
        <translation>
            <numerusform>%n leerer Ordner wird nicht gesendet ({shown}): Ein Bucket bewahrt keine leeren Ordner auf.</numerusform>
            <numerusform>%n leere Ordner werden nicht gesendet ({shown}): Ein Bucket bewahrt keine leeren Ordner auf.</numerusform>
        </translation>
    </message>
    <message>
        <source>The folder {folder} does not exist yet; it will be created.</source>
        <translation>Der Ordner {folder} existiert noch nicht; er wird angelegt.</translation>
    </message>
</context>
<context>
    <name>run_report</name>
    <message>
        <source>{transferred} transferred, {failed} failed</source>
        <translation>{transferred} übertragen, {failed} fehlgeschlagen</translation>
    </message>
    <message>
        <source>{refused} refused</source>
        <translation>{refused} abgelehnt</translation>
    </message>
    <message>
        <source>(cancelled)</source>
        <translation>(abgebrochen)</translation>
    </message>
    <message numerus="yes">
        <source>the old versions of %n file(s) were kept for you</source>
        <translation>
            <numerusform>die alte Version von %n Datei wurde für Sie aufbewahrt</numerusform>
            <numerusform>die alten Versionen von %n Dateien wurden für Sie aufbewahrt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) were left alone, since they cannot be transferred safely:</source>
        <translation>
            <numerusform>%n Datei blieb unangetastet, weil sie sich nicht sicher übertragen lässt:</numerusform>
            <numerusform>%n Dateien blieben unangetastet, weil sie sich nicht sicher übertragen lassen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n other reason(s) (see the log).</source>
        <translation>
            <numerusform>… und %n weiterer Grund (siehe Protokoll).</numerusform>
            <numerusform>… und %n weitere Gründe (siehe Protokoll).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) failed; the others were transferred. Run again to retry.</source>
        <translation>
            <numerusform>%n Datei ist fehlgeschlagen; die anderen wurden übertragen. Führen Sie den Vorgang erneut aus, um es noch einmal zu versuchen.</numerusform>
            <numerusform>%n Dateien sind fehlgeschlagen; die anderen wurden übertragen. Führen Sie den Vorgang erneut aus, um es noch einmal zu versuchen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Some files were not transferred</source>
        <translation>Einige Dateien wurden nicht übertragen</translation>
    </message>
    <message>
        <source>Some files were left alone</source>
        <translation>Einige Dateien blieben unangetastet</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (see the log).</source>
        <translation>
            <numerusform>… und %n weitere (siehe Protokoll).</numerusform>
            <numerusform>… und %n weitere (siehe Protokoll).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The push replaced %n file(s) in the bucket. The old versions were kept first, and can be restored from there:</source>
        <translation>
            <numerusform>Das Hochladen hat %n Datei im Bucket ersetzt. Die alte Version wurde vorher aufbewahrt und lässt sich von dort wiederherstellen:</numerusform>
            <numerusform>Das Hochladen hat %n Dateien im Bucket ersetzt. Die alten Versionen wurden vorher aufbewahrt und lassen sich von dort wiederherstellen:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The pull replaced %n file(s) on this computer. The old versions were moved out of the way first, and can be restored from there:</source>
        <translation>
            <numerusform>Das Herunterladen hat %n Datei auf diesem Computer ersetzt. Die alte Version wurde vorher beiseitegelegt und lässt sich von dort wiederherstellen:</numerusform>
            <numerusform>Das Herunterladen hat %n Dateien auf diesem Computer ersetzt. Die alten Versionen wurden vorher beiseitegelegt und lassen sich von dort wiederherstellen:</numerusform>
        </translation>
    </message>
    <message>
        <source>Replaced files are kept</source>
        <translation>Ersetzte Dateien sind aufbewahrt</translation>
    </message>
</context>
<context>
    <name>share_dialog</name>
    <message numerus="yes">
        <source>%n day(s)</source>
        <translation>
            <numerusform>%n Tag</numerusform>
            <numerusform>%n Tage</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s)</source>
        <translation>
            <numerusform>%n Stunde</numerusform>
            <numerusform>%n Stunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s)</source>
        <translation>
            <numerusform>%n Minute</numerusform>
            <numerusform>%n Minuten</numerusform>
        </translation>
    </message>
    <message>
        <source>A link works for at most 7 days: no storage service signs one for longer. It cannot be withdrawn before it expires, except by deleting the files it points to.</source>
        <translation>Ein Link gilt höchstens 7 Tage: Länger signiert kein Speicherdienst einen Link. Vor seinem Ablauf lässt er sich nicht zurückziehen, außer indem Sie die Dateien löschen, auf die er zeigt.</translation>
    </message>
    <message>
        <source>How long the link works</source>
        <translation>Wie lange der Link gilt</translation>
    </message>
    <message>
        <source>Here is the file “{name}” ({size}) for you to download:

{url}

The link works until {until}. No account is needed.</source>
        <translation>Hier ist die Datei „{name}“ ({size}) zum Herunterladen:

{url}

Der Link gilt bis {until}. Ein Konto ist nicht nötig.</translation>
    </message>
    <message numerus="yes">
        <source>Here are the files of the folder “{name}” (%n file(s), {size}) for you to download:

{url}

The page lists each file with its own download link. The links work until {until}. No account is needed.</source>
        <translation>
            <numerusform>Hier sind die Dateien des Ordners „{name}“ (%n Datei, {size}) zum Herunterladen:

{url}

Die Seite führt jede Datei mit ihrem eigenen Download-Link auf. Die Links gelten bis {until}. Ein Konto ist nicht nötig.</numerusform>
            <numerusform>Hier sind die Dateien des Ordners „{name}“ (%n Dateien, {size}) zum Herunterladen:

{url}

Die Seite führt jede Datei mit ihrem eigenen Download-Link auf. Die Links gelten bis {until}. Ein Konto ist nicht nötig.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), {size}</source>
        <translation>
            <numerusform>%n Datei, {size}</numerusform>
            <numerusform>%n Dateien, {size}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>share_flow</name>
    <message>
        <source>Links need a cloud bucket: a folder on this computer has no web address that someone else could open. Connect to Amazon S3, Google Cloud Storage, Azure or an S3-compatible server to share files or to ask for them.</source>
        <translation>Links brauchen einen Bucket in der Cloud: Ein Ordner auf diesem Computer hat keine Webadresse, die jemand anderes öffnen könnte. Verbinden Sie sich mit Amazon S3, Google Cloud, Azure oder einem S3-kompatiblen Server, um Dateien zu teilen oder anzufordern.</translation>
    </message>
    <message>
        <source>Azure cannot limit an upload link to one folder and a size limit, so request links need Amazon S3, an S3-compatible server or Google Cloud Storage. Sharing (download links) works on Azure.</source>
        <translation>Azure kann einen Upload-Link nicht auf einen Ordner und eine Größengrenze beschränken, daher brauchen Dateianfragen Amazon S3, einen S3-kompatiblen Server oder Google Cloud. Teilen (Download-Links) funktioniert mit Azure.</translation>
    </message>
</context>
<context>
    <name>shares_dialog</name>
    <message>
        <source>(the whole bucket)</source>
        <translation>(der ganze Bucket)</translation>
    </message>
    <message>
        <source>each file up to {size}</source>
        <translation>je Datei bis {size}</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s), {size}</source>
        <translation>
            <numerusform>%n Datei, {size}</numerusform>
            <numerusform>%n Dateien, {size}</numerusform>
        </translation>
    </message>
    <message>
        <source>Files arrive in {folder}</source>
        <translation>Die Dateien landen in {folder}</translation>
    </message>
    <message>
        <source>the link to the file &lt;b&gt;{path}&lt;/b&gt;</source>
        <translation>der Link zur Datei &lt;b&gt;{path}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>the link to the folder &lt;b&gt;{path}&lt;/b&gt;</source>
        <translation>der Link zum Ordner &lt;b&gt;{path}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>the request for files into &lt;b&gt;{path}&lt;/b&gt;</source>
        <translation>die Dateianfrage für &lt;b&gt;{path}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The link to &lt;b&gt;{path}&lt;/b&gt; expired on {until}: it no longer works. Revoking deletes its page and takes it off this list.</source>
        <translation>Der Link zu &lt;b&gt;{path}&lt;/b&gt; ist am {until} abgelaufen: Er funktioniert nicht mehr. Widerrufen löscht seine Seite und nimmt ihn aus dieser Liste.</translation>
    </message>
    <message>
        <source>Revoking takes the link to the file &lt;b&gt;{path}&lt;/b&gt; off this list. It does not stop the link: a signed link cannot be withdrawn, so whoever has it can still download the file until {until}, unless you delete or rename the file.</source>
        <translation>Widerrufen nimmt den Link zur Datei &lt;b&gt;{path}&lt;/b&gt; aus dieser Liste. Den Link selbst hält das nicht auf: Ein signierter Link lässt sich nicht zurückziehen, wer ihn hat, kann die Datei also noch bis {until} herunterladen, es sei denn, Sie löschen die Datei oder benennen sie um.</translation>
    </message>
    <message>
        <source>Revoking deletes the page that lists the files of &lt;b&gt;{path}&lt;/b&gt;, so the link you handed out no longer opens. Whoever already opened the page may have kept the links to single files: those work until {until}, unless you delete the files.</source>
        <translation>Widerrufen löscht die Seite, die die Dateien von &lt;b&gt;{path}&lt;/b&gt; auflistet, der weitergegebene Link öffnet sich also nicht mehr. Wer die Seite schon geöffnet hat, hat vielleicht die Links zu einzelnen Dateien behalten: Diese gelten bis {until}, es sei denn, Sie löschen die Dateien.</translation>
    </message>
    <message>
        <source>Revoking deletes the upload page for &lt;b&gt;{path}&lt;/b&gt;, so the link you handed out no longer opens. A page someone already has open can still send files until {until}. Files that arrived stay where they are.</source>
        <translation>Widerrufen löscht die Upload-Seite für &lt;b&gt;{path}&lt;/b&gt;, der weitergegebene Link öffnet sich also nicht mehr. Eine Seite, die jemand schon geöffnet hat, kann noch bis {until} Dateien senden. Bereits angekommene Dateien bleiben, wo sie sind.</translation>
    </message>
    <message numerus="yes">
        <source>%n link(s).</source>
        <translation>
            <numerusform>%n Link.</numerusform>
            <numerusform>%n Links.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>state_words</name>
    <message>
        <source>A bucket&apos;s time is when its copy was uploaded, not when the file was last edited.</source>
        <translation>Die Zeit eines Buckets ist die, zu der seine Kopie hochgeladen wurde, nicht die, zu der die Datei zuletzt bearbeitet wurde.</translation>
    </message>
    <message>
        <source>The copy on this computer was changed after the bucket&apos;s copy was uploaded.</source>
        <translation>Die Kopie auf diesem Computer wurde geändert, nachdem die Kopie im Bucket hochgeladen wurde.</translation>
    </message>
    <message>
        <source>The bucket&apos;s copy was uploaded after the copy on this computer was changed.</source>
        <translation>Die Kopie im Bucket wurde hochgeladen, nachdem die Kopie auf diesem Computer geändert wurde.</translation>
    </message>
    <message>
        <source>Which copy is later is not known.</source>
        <translation>Welche Kopie die spätere ist, ist nicht bekannt.</translation>
    </message>
    <message>
        <source>Changed on this computer on {changed}, since the last sync on {synced}.</source>
        <translation>Auf diesem Computer am {changed} geändert, seit dem letzten Abgleich am {synced}.</translation>
    </message>
    <message>
        <source>Changed on this computer on {changed}, since the last sync.</source>
        <translation>Auf diesem Computer am {changed} geändert, seit dem letzten Abgleich.</translation>
    </message>
    <message>
        <source>Changed on this computer, since the last sync on {synced}.</source>
        <translation>Auf diesem Computer geändert, seit dem letzten Abgleich am {synced}.</translation>
    </message>
    <message>
        <source>Changed on this computer, since the last sync.</source>
        <translation>Auf diesem Computer geändert, seit dem letzten Abgleich.</translation>
    </message>
    <message>
        <source>Changed in the bucket (uploaded on {uploaded}), since the last sync on {synced}.</source>
        <translation>Im Bucket geändert (hochgeladen am {uploaded}), seit dem letzten Abgleich am {synced}.</translation>
    </message>
    <message>
        <source>Changed in the bucket (uploaded on {uploaded}), since the last sync.</source>
        <translation>Im Bucket geändert (hochgeladen am {uploaded}), seit dem letzten Abgleich.</translation>
    </message>
    <message>
        <source>Changed in the bucket (uploaded), since the last sync on {synced}.</source>
        <translation>Im Bucket geändert (hochgeladen), seit dem letzten Abgleich am {synced}.</translation>
    </message>
    <message>
        <source>Changed in the bucket (uploaded), since the last sync.</source>
        <translation>Im Bucket geändert (hochgeladen), seit dem letzten Abgleich.</translation>
    </message>
    <message>
        <source>Changed on both sides since the last sync on {synced}.</source>
        <translation>Auf beiden Seiten geändert seit dem letzten Abgleich am {synced}.</translation>
    </message>
    <message>
        <source>Changed on both sides since the last sync.</source>
        <translation>Auf beiden Seiten geändert seit dem letzten Abgleich.</translation>
    </message>
    <message>
        <source>Never synced here. {later}</source>
        <translation>Hier nie abgeglichen. {later}</translation>
    </message>
    <message>
        <source>Synced on {synced}, since deleted from the source.</source>
        <translation>Am {synced} abgeglichen, seitdem in der Quelle gelöscht.</translation>
    </message>
    <message>
        <source>Synced, since deleted from the source.</source>
        <translation>Abgeglichen, seitdem in der Quelle gelöscht.</translation>
    </message>
    <message>
        <source>the bucket&apos;s copy is newer: edited there on {moment}</source>
        <translation>die Kopie im Bucket ist neuer: dort am {moment} bearbeitet</translation>
    </message>
    <message>
        <source>the bucket&apos;s copy is newer: edited there</source>
        <translation>die Kopie im Bucket ist neuer: dort bearbeitet</translation>
    </message>
    <message>
        <source>the copy on this computer is newer: edited on {moment}</source>
        <translation>die Kopie auf diesem Computer ist neuer: am {moment} bearbeitet</translation>
    </message>
    <message>
        <source>the copy on this computer is newer: edited</source>
        <translation>die Kopie auf diesem Computer ist neuer: bearbeitet</translation>
    </message>
    <message>
        <source>changed on both sides since the last sync on {moment}</source>
        <translation>auf beiden Seiten geändert seit dem letzten Abgleich am {moment}</translation>
    </message>
    <message>
        <source>changed on both sides since the last sync</source>
        <translation>auf beiden Seiten geändert seit dem letzten Abgleich</translation>
    </message>
    <message>
        <source>never synced here; which copy is newer is not known</source>
        <translation>hier nie abgeglichen; welche Kopie neuer ist, ist nicht bekannt</translation>
    </message>
    <message>
        <source>never synced here; the bucket&apos;s copy was uploaded later</source>
        <translation>hier nie abgeglichen; die Kopie im Bucket wurde später hochgeladen</translation>
    </message>
    <message>
        <source>never synced here; the bucket&apos;s copy was uploaded earlier</source>
        <translation>hier nie abgeglichen; die Kopie im Bucket wurde früher hochgeladen</translation>
    </message>
</context>
<context>
    <name>sync_states</name>
    <message>
        <source>Collision</source>
        <translation>Kollision</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Differs</source>
        <translation>Unterschiedlich</translation>
    </message>
    <message>
        <source>Changed in bucket</source>
        <translation>Im Bucket geändert</translation>
    </message>
    <message>
        <source>Changed here</source>
        <translation>Hier geändert</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Deleted from source</source>
        <translation>In der Quelle gelöscht</translation>
    </message>
    <message>
        <source>Only on target</source>
        <translation>Nur im Ziel</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Übertragen</translation>
    </message>
    <message>
        <source>Identical</source>
        <translation>Gleich</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>a file and a folder have the same name: blocks the run</source>
        <translation>eine Datei und ein Ordner haben denselben Namen: verhindert den Vorgang</translation>
    </message>
    <message>
        <source>cannot be transferred safely: left alone, for the reason shown</source>
        <translation>kann nicht sicher übertragen werden: bleibt unverändert, aus dem angegebenen Grund</translation>
    </message>
    <message>
        <source>content differs and was never synced here, so which copy is newer is unknown: overwritten only when forced</source>
        <translation>Inhalt unterscheidet sich und wurde hier nie abgeglichen, welche Kopie neuer ist, ist also unbekannt: wird nur auf ausdrücklichen Wunsch überschrieben</translation>
    </message>
    <message>
        <source>changed on this computer since the last sync; the bucket still has the copy last synced</source>
        <translation>seit dem letzten Abgleich auf diesem Computer geändert; der Bucket hat noch die zuletzt abgeglichene Kopie</translation>
    </message>
    <message>
        <source>changed in the bucket since the last sync; this computer still has the copy last synced</source>
        <translation>seit dem letzten Abgleich im Bucket geändert; dieser Computer hat noch die zuletzt abgeglichene Kopie</translation>
    </message>
    <message>
        <source>changed on both sides since the last sync: overwritten only when forced, and one of the changes is then replaced</source>
        <translation>seit dem letzten Abgleich auf beiden Seiten geändert: wird nur auf ausdrücklichen Wunsch überschrieben, und eine der Änderungen wird dann ersetzt</translation>
    </message>
    <message>
        <source>only on the target and never synced from here: shown, not copied</source>
        <translation>nur im Ziel und nie von hier abgeglichen: wird gezeigt, nicht kopiert</translation>
    </message>
    <message>
        <source>synced before, since deleted from the source, still on the target: shown, not copied or deleted</source>
        <translation>früher abgeglichen, seitdem in der Quelle gelöscht, noch im Ziel: wird gezeigt, nicht kopiert oder gelöscht</translation>
    </message>
    <message>
        <source>not on the target yet: will be copied</source>
        <translation>noch nicht im Ziel: wird kopiert</translation>
    </message>
    <message>
        <source>not transferred: see the reason</source>
        <translation>nicht übertragen: siehe Grund</translation>
    </message>
    <message>
        <source>transferred in this run</source>
        <translation>in diesem Vorgang übertragen</translation>
    </message>
    <message>
        <source>same content on both sides: left alone</source>
        <translation>gleicher Inhalt auf beiden Seiten: bleibt unverändert</translation>
    </message>
    <message>
        <source>left out by the filters</source>
        <translation>durch die Filter ausgelassen</translation>
    </message>
</context>
<context>
    <name>tree_colours</name>
    <message>
        <source>{state}: {meaning}</source>
        <translation>{state}: {meaning}</translation>
    </message>
</context>
<context>
    <name>tree_heading</name>
    <message>
        <source>This computer — no folder chosen yet</source>
        <translation>Dieser Computer — noch kein Ordner gewählt</translation>
    </message>
    <message>
        <source>This computer — {folder}: a file, not a folder</source>
        <translation>Dieser Computer — {folder}: eine Datei, kein Ordner</translation>
    </message>
    <message>
        <source>This computer — {folder}: this folder does not exist</source>
        <translation>Dieser Computer — {folder}: Diesen Ordner gibt es nicht</translation>
    </message>
    <message>
        <source>This computer — {folder}</source>
        <translation>Dieser Computer — {folder}</translation>
    </message>
    <message>
        <source>Bucket — the connection cannot be used (see Manage…)</source>
        <translation>Bucket — die Verbindung ist nicht nutzbar (siehe Verwalten…)</translation>
    </message>
    <message>
        <source>Bucket — {bucket}</source>
        <translation>Bucket — {bucket}</translation>
    </message>
</context>
<context>
    <name>undo_confirm_dialog</name>
    <message>
        <source>Nothing that is there now is replaced: the undo only puts back missing files.</source>
        <translation>Nichts, was jetzt vorhanden ist, wird ersetzt: Das Rückgängigmachen stellt nur fehlende Dateien wieder her.</translation>
    </message>
    <message>
        <source>What the undo replaces or removes: {where}.</source>
        <translation>Was das Rückgängigmachen ersetzt oder entfernt: {where}.</translation>
    </message>
    <message>
        <source>the objects the undo replaces or removes</source>
        <translation>die Objekte, die das Rückgängigmachen ersetzt oder entfernt,</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Undo&lt;/b&gt; {run} on &lt;b&gt;{where}&lt;/b&gt;: put back %n file(s), remove {remove}, leave {alone} alone.</source>
        <translation>
            <numerusform>&lt;b&gt;Rückgängig machen&lt;/b&gt; – {run} auf &lt;b&gt;{where}&lt;/b&gt;: %n Datei wiederherstellen, {remove} entfernen, {alone} unangetastet lassen.</numerusform>
            <numerusform>&lt;b&gt;Rückgängig machen&lt;/b&gt; – {run} auf &lt;b&gt;{where}&lt;/b&gt;: %n Dateien wiederherstellen, {remove} entfernen, {alone} unangetastet lassen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be &lt;b&gt;put back&lt;/b&gt; as before the run:</source>
        <translation>
            <numerusform>%n Datei wird wie vor dem Vorgang &lt;b&gt;wiederhergestellt&lt;/b&gt;:</numerusform>
            <numerusform>%n Dateien werden wie vor dem Vorgang &lt;b&gt;wiederhergestellt&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) the run created will be &lt;b&gt;removed&lt;/b&gt;:</source>
        <translation>
            <numerusform>%n Datei, die der Vorgang angelegt hat, wird &lt;b&gt;entfernt&lt;/b&gt;:</numerusform>
            <numerusform>%n Dateien, die der Vorgang angelegt hat, werden &lt;b&gt;entfernt&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be &lt;b&gt;left alone&lt;/b&gt; ({changed} changed after the run):</source>
        <translation>
            <numerusform>%n Datei bleibt &lt;b&gt;unangetastet&lt;/b&gt; ({changed} nach dem Vorgang geändert):</numerusform>
            <numerusform>%n Dateien bleiben &lt;b&gt;unangetastet&lt;/b&gt; ({changed} nach dem Vorgang geändert):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) will be &lt;b&gt;left alone&lt;/b&gt;:</source>
        <translation>
            <numerusform>%n Datei bleibt &lt;b&gt;unangetastet&lt;/b&gt;:</numerusform>
            <numerusform>%n Dateien bleiben &lt;b&gt;unangetastet&lt;/b&gt;:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Undo %n file(s)</source>
        <translation>
            <numerusform>%n Datei wiederherstellen</numerusform>
            <numerusform>%n Dateien wiederherstellen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>undo_model</name>
    <message>
        <source>Put back</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Already as before</source>
        <translation>Schon wie vorher</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Konflikt</translation>
    </message>
    <message>
        <source>Cannot undo</source>
        <translation>Nicht rückgängig zu machen</translation>
    </message>
    <message>
        <source>Undone</source>
        <translation>Rückgängig gemacht</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not undone: {reason}</source>
        <translation>Nicht rückgängig gemacht: {reason}</translation>
    </message>
    <message>
        <source>Put back: the version from before the run is there again</source>
        <translation>Wiederhergestellt: Die Version von vor dem Vorgang ist wieder da</translation>
    </message>
    <message>
        <source>Put back the version from before the run (replacing what the run wrote)</source>
        <translation>Die Version von vor dem Vorgang wiederherstellen (ersetzt, was der Vorgang geschrieben hat)</translation>
    </message>
    <message>
        <source>Put back the version from before the run (it is missing now)</source>
        <translation>Die Version von vor dem Vorgang wiederherstellen (sie fehlt jetzt)</translation>
    </message>
    <message>
        <source>Removed: {reason}</source>
        <translation>Entfernt: {reason}</translation>
    </message>
    <message>
        <source>Remove: {reason}</source>
        <translation>Entfernen: {reason}</translation>
    </message>
    <message>
        <source>Left alone: {reason}</source>
        <translation>Unangetastet: {reason}</translation>
    </message>
</context>
<context>
    <name>window_actions</name>
    <message>
        <source>&amp;Manage connections…</source>
        <translation>&amp;Verbindungen verwalten…</translation>
    </message>
    <message>
        <source>&amp;Export preview…</source>
        <translation>Vorschau &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Preview &amp;push</source>
        <translation>Vorschau &amp;Hochladen</translation>
    </message>
    <message>
        <source>Preview p&amp;ull</source>
        <translation>Vorschau He&amp;runterladen</translation>
    </message>
    <message>
        <source>&amp;Run…</source>
        <translation>&amp;Ausführen…</translation>
    </message>
    <message>
        <source>Show &amp;differences…</source>
        <translation>&amp;Unterschiede anzeigen…</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>Abbre&amp;chen</translation>
    </message>
    <message>
        <source>&amp;Delete remote…</source>
        <translation>Im Bucket &amp;löschen…</translation>
    </message>
    <message>
        <source>Delete the selected files or folders from the bucket</source>
        <translation>Die ausgewählten Dateien oder Ordner aus dem Bucket löschen</translation>
    </message>
    <message>
        <source>&amp;Share…</source>
        <translation>&amp;Teilen…</translation>
    </message>
    <message>
        <source>A link to the file or folder chosen in the bucket&apos;s tree, for people without an account</source>
        <translation>Ein Link zu der im Baum des Buckets gewählten Datei oder dem Ordner, für Menschen ohne Konto</translation>
    </message>
    <message>
        <source>Re&amp;quest files…</source>
        <translation>Dateien an&amp;fordern…</translation>
    </message>
    <message>
        <source>A link through which people without an account can send you files, into the folder chosen in the bucket&apos;s tree</source>
        <translation>Ein Link, über den Ihnen Menschen ohne Konto Dateien senden können, in den im Baum des Buckets gewählten Ordner</translation>
    </message>
    <message>
        <source>S&amp;hares…</source>
        <translation>&amp;Geteilte Links…</translation>
    </message>
    <message>
        <source>The links made for this bucket: copy one again, or revoke it</source>
        <translation>Die für diesen Bucket erstellten Links: einen erneut kopieren oder widerrufen</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>Ver&amp;lauf…</translation>
    </message>
    <message>
        <source>Past runs, their files, undo, and the bucket&apos;s backups</source>
        <translation>Frühere Vorgänge, ihre Dateien, Rückgängigmachen und die Sicherungen im Bucket</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Read both folders again (this computer and the bucket)</source>
        <translation>Beide Ordner neu einlesen (dieser Computer und der Bucket)</translation>
    </message>
    <message>
        <source>Show hi&amp;dden files</source>
        <translation>&amp;Versteckte Dateien anzeigen</translation>
    </message>
    <message>
        <source>Hidden files (names starting with &apos;.&apos;) are shown in the trees and sent by a push or pull only while this is ticked</source>
        <translation>Versteckte Dateien (Namen, die mit &apos;.&apos; beginnen) werden nur dann in den Bäumen gezeigt und beim Hochladen oder Herunterladen übertragen, wenn dies angehakt ist</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>&amp;Erste Schritte</translation>
    </message>
    <message>
        <source>&amp;About {name}</source>
        <translation>Ü&amp;ber {name}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Synchronisieren</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>About {name}</source>
        <translation>Über {name}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; {version}&lt;br&gt;Moves files between a folder and a bucket, and shows you exactly what a push or pull will do before it does it.</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; {version}&lt;br&gt;Überträgt Dateien zwischen einem Ordner und einem Bucket und zeigt Ihnen vorher genau, was das Hochladen oder Herunterladen tun wird.</translation>
    </message>
</context>
</TS>

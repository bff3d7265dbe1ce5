#!/usr/bin/env python3
"""Regenerates tshark-ja3.tsv: JA3 of every complete TLS hello of the corpus, computed by tshark.

Each corpus stream is wrapped, unchanged, as the payload of one TCP segment (client port 50000,
server port 443) in a pcap, and `tshark -r X.pcap -Y tls.handshake.type==1 -T fields
-e tls.handshake.ja3_full -e tls.handshake.ja3` prints the values. Needs tshark (Debian:
apt-get install tshark; 4.0.17 was used). Usage: tshark-ja3.py <corpus dir> > tshark-ja3.tsv
"""
import json, struct, subprocess, sys, tempfile, os

def pcap(payload):
    tcp = struct.pack('!HHIIBBHHH', 50000, 443, 1, 0, 5 << 4, 0x18, 65535, 0, 0)
    ip_len = 20 + len(tcp) + len(payload)
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, ip_len, 1, 0, 64, 6, 0,
                     bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2]))
    frame = b'\0' * 6 + b'\0' * 6 + b'\x08\x00' + ip + tcp + payload
    header = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1)
    record = struct.pack('<IIII', 0, 0, len(frame), len(frame))
    return header + record + frame

corpus = sys.argv[1]
for case in json.load(open(os.path.join(corpus, 'manifest.json'))):
    if case['expected']['verdict'] != 'ok' or case['expected']['total_bytes'] > 60000:
        continue
    data = open(os.path.join(corpus, case['file']), 'rb').read()
    with tempfile.NamedTemporaryFile(suffix='.pcap') as f:
        f.write(pcap(data))
        f.flush()
        out = subprocess.run(['tshark', '-r', f.name, '-o', 'tls.desegment_ssl_records:TRUE',
                              '-Y', 'tls.handshake.type == 1', '-T', 'fields',
                              '-e', 'tls.handshake.ja3_full', '-e', 'tls.handshake.ja3'],
                             capture_output=True, text=True).stdout.strip()
    if out:
        print(case['id'] + '\t' + out.splitlines()[0])
    else:
        print('no JA3 from tshark for ' + case['id'], file=sys.stderr)

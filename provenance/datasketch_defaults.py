"""datasketch's MinHash permutations and LSH banding, recorded for the
default settings.

Every scan needs both. datasketch makes them, but importing it (and the
scipy modules it loads) takes a noticeable part of a scan. The values
datasketch gives for the defaults are kept here; any other settings still
ask datasketch. ``tests/test_datasketch_defaults.py`` compares every
entry with what the installed datasketch makes, so a datasketch that changes
them fails the tests instead of changing the results.
"""

from __future__ import annotations

# (num_perm, seed) -> the permutations as ``Permutations.to_hex`` writes them
# (datasketch 2.0, scheme "affine32").
PERMUTATIONS: dict[tuple[int, int], str] = {
    (128, 1): (
        "4be883d5d7018ffe195fce70912878ddfffd0e00138799419755cb9a0b3d82ff9f96234b81a7e0782101472f03a10ccb"
        "997f5d5f8f3c9cc6db55edb0f9f3e8560d1b25cb33fafede65c9df1329aa4fb1fda9a0d6cb6265a02517d55ea993910c"
        "17f7ad68f9410ce3d59b98c139258b753bbf050e1db39e116584475789d4f2d3aff9a8d5afbf16ead3970c1ee38584dc"
        "efcbe047bd5bd5e0c18e6d65ad08898e1b31fb99d3af936e13fbbfef0f08039b7f2279a07b96832f2d1c7862734a4b09"
        "0314b6c001efe3ba79e209caa3f185a811ea8a2bb1c5c1a81bfdfe13e734cd8b5f03f456d51f551ef3e49bc191734f57"
        "3d845a328f48a62f076b9bd78d0be3572b7f70ea63dcd5d2730afb100764256589b73d6231564a94e3438ba157f8c348"
        "990c7d5f35980e91690e54aba14a38d3db145d09e7e67e1153ea1280a5db803f1f004cfa81d83e5289910f7f3360d498"
        "df5a968fc5bd6be4af6b1c940f4fba71350ada3433fd8f25d14c52e52d0840f0136e33d1877d3d31cf975496fd8886ce"
        "2f4a5793fbda2d3dc91a93423781b20c4b77ea0973a2d02aa754905b4dd96ed511855a6c414a26d245bbf587155e0d99"
        "2f7aaffb1f0d352bdf55521baf38bf2133bef2258f1f563ae701204bb90abfe99574b92d7d099f855dba466641a74776"
        "b12d65342f2920116f25ffd3834a5ee6e36a88639b4e72fc074e0fd40197c914f8bfc90cfdd4f6c3cd81308906c79b0b"
        "3472eea9d5d1d423c6c5cf8302f6daca4cf6d0f1db0fa10795782896cb8214e2075945e74d18718ac88a31234bd4ae72"
        "4c9da7232b0463e41432b1ce1e5ea9602426ce656733d68907a7542a2d0ffda6c43371ed399a7b5cf02e0759fc9d2d92"
        "d23835c0604049a30d01dbb90a2c5620175920e27c3fb1b051fba89f87e7d2a579c33dc098c09b5aca665159dc3d63c3"
        "94fe1945a0a9455b8ccc58e5c1bcb6c05e62976d3c9e9fe1e9c1fff698c0fc02524dd7a97313847f6173279f8208e412"
        "ecfd5f1ddca675c967ba11f362b766100a712d73b69ef55a60571194e9391cf152a77b68d6c93a61c6ccad3cc2ba4ec3"
        "47e143e7e73f87c5b0a8dc9236f6254d0f1cbc00853bd2c59135fd9daa68262714009f53765a2194b047ed8616594e02"
        "e519cde28dcf83b5f107765b72ea7b7861c295e8b556bcc35487949f0a0ca77760dc0c04b740dd443d99efed38cee9d4"
        "d99edeb095a1238de78c50ff60dcf011f9811e2cd31ff47819541b23f1d525be8e93beee8d082431d4ac62b2741edd76"
        "2b63e510860ef93acd0666c1b8821c82bb07fec08fbb643518564becfb339f0c897c26b6c221d484c738d01f356f1a2c"
        "45dd1605a4c9746565c3b506f84a7c1b15183f0728ed82824db0073fdb88251ab1ca2adc7169e9492fd5f089cd85543b"
        "a8bd858dce15b9f72d568fd757e73f47"
    ),
}

# (threshold, num_perm) -> (bands, rows), as ``datasketch.MinHashLSH`` chooses
# them with equal weights for false positives and negatives.
BANDING: dict[tuple[float, int], tuple[int, int]] = {
    (0.3, 128): (37, 3),
    (0.4, 128): (32, 4),
    (0.5, 128): (25, 5),
    (0.6, 128): (18, 7),
    (0.7, 128): (14, 9),
    (0.8, 128): (9, 13),
    (0.9, 128): (5, 25),
}

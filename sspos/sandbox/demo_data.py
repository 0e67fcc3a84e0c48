"""Deterministic demo data for the sandbox: an Indonesian shop, its customers and catalog.

Everything that depends on chance is drawn from `random.Random(seed)`, so one seed always
gives the same shop. Reference data (regions, banks, expeditions…) does not depend on the
seed at all. Rows go into SQLite with `executemany`, which keeps a 2,000-product start
well under a second and a 100,000-variant catalog within a few seconds.

Facts other tests may rely on are module constants (ids, codes, stress SKUs).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SCHEMA_VERSION = "1"

SHOP_ID = 7
SUPPLIER_ID = 17118  # the shop's own supplier: the shipping origin
SECOND_SUPPLIER_ID = 17119
SUPPLIER_DISTRICT_ID = 3642  # Lowokwaru, Kota Malang
CASH_BANK_ID = 846  # "Kas Toko": the cash drawer as a bank account
BCA_BANK_ID = 847
QRIS_BANK_ID = 850  # type PAYMENT GATEWAY
MAIN_WAREHOUSE_ID = 0  # "Gudang Utama", only listed with with_main_warehouse=true
STORE_WAREHOUSE_ID = 26
BACK_WAREHOUSE_ID = 27
PICKUP_EXPEDITION_ID = 98
MANUAL_EXPEDITION_ID = 99
WALK_IN_CUSTOMER_ID = 23101401  # "Pelanggan Umum", category N
FIRST_CUSTOMER_ID = WALK_IN_CUSTOMER_ID
# One fixed customer per category, right after the walk-in customer.
CUSTOMER_ID_BY_CATEGORY = {
    "N": 23101401,
    "Y": 23101402,
    "D": 23101403,
    "1": 23101404,
    "2": 23101405,
}
FIRST_PRODUCT_ID = 736416
FIRST_VARIANT_ID = 2425272
DEFAULT_PRODUCTS = 2000

# code -> (id, name, wholesale_access, discount_access): every combination is present.
CATEGORIES: dict[str, tuple[int, str, bool, bool]] = {
    "N": (1, "Pelanggan", True, True),
    "Y": (2, "Reseller", False, True),
    "D": (3, "Dropshipper", False, False),
    "1": (122, "Teman", False, True),
    "2": (123, "Grosir", True, False),
}

# Products whose names stress the screen and the printer on purpose; always present, first.
STRESS_PRODUCTS: tuple[tuple[str, str], ...] = (
    ("STRESS-B2", "alat Masak [B2]"),
    ("STRESS-MARKUP", "Kaos [bold]Tebal[/bold] [red]Promo"),
    ("STRESS-CLICK", "Tas [@click=app.quit]Keluar[/] Kanvas"),
    (
        "STRESS-LONG",
        (
            "Gamis Syari Premium Bahan Wolfis Super Adem Tidak Menerawang Busui Friendly "
            "Lengan Panjang Dengan Resleting Depan Ukuran Jumbo All Size Muat Sampai BB 90 Kg "
            "Edisi Lebaran Terbaru Koleksi Eksklusif Butik Sejahtera"
        ),
    ),
    ("STRESS-UNICODE", "Café Crème Piñata Señorita 🍵☕ Kopi Susu"),
    ("STRESS-CTRL", "Sabun\x1b[31m Cuci Piring\x07"),
)
STRESS_SKUS: tuple[str, ...] = tuple(sku for sku, _ in STRESS_PRODUCTS)

PROVINCES: tuple[tuple[int, str], ...] = (
    (6, "DKI Jakarta"),
    (9, "Jawa Barat"),
    (10, "Jawa Tengah"),
    (5, "DI Yogyakarta"),
    (11, "Jawa Timur"),
    (1, "Bali"),
    (34, "Sumatera Utara"),
    (32, "Sumatera Selatan"),
    (28, "Sulawesi Selatan"),
    (15, "Kalimantan Timur"),
)

# city_id, city, province_id, postal prefix, subdistricts
CITIES: tuple[tuple[int, str, int, str, tuple[str, ...]], ...] = (
    (
        151,
        "Kota Jakarta Barat",
        6,
        "117",
        (
            "Cengkareng",
            "Grogol Petamburan",
            "Kalideres",
            "Kebon Jeruk",
            "Kembangan",
            "Palmerah",
            "Taman Sari",
            "Tambora",
        ),
    ),
    (
        153,
        "Kota Jakarta Selatan",
        6,
        "121",
        (
            "Cilandak",
            "Jagakarsa",
            "Kebayoran Baru",
            "Kebayoran Lama",
            "Mampang Prapatan",
            "Pancoran",
            "Pasar Minggu",
            "Pesanggrahan",
            "Setiabudi",
            "Tebet",
        ),
    ),
    (
        154,
        "Kota Jakarta Timur",
        6,
        "134",
        (
            "Cakung",
            "Cipayung",
            "Ciracas",
            "Duren Sawit",
            "Jatinegara",
            "Kramat Jati",
            "Makasar",
            "Matraman",
            "Pasar Rebo",
            "Pulo Gadung",
        ),
    ),
    (
        23,
        "Kota Bandung",
        9,
        "402",
        (
            "Andir",
            "Antapani",
            "Arcamanik",
            "Astana Anyar",
            "Babakan Ciparay",
            "Bandung Kidul",
            "Bandung Kulon",
            "Bandung Wetan",
            "Batununggal",
            "Bojongloa Kaler",
            "Cibeunying Kaler",
            "Coblong",
            "Gedebage",
            "Kiaracondong",
            "Lengkong",
            "Sukajadi",
        ),
    ),
    (
        22,
        "Kabupaten Bandung",
        9,
        "403",
        (
            "Arjasari",
            "Baleendah",
            "Banjaran",
            "Bojongsoang",
            "Cicalengka",
            "Cileunyi",
            "Ciparay",
            "Dayeuhkolot",
            "Majalaya",
            "Margahayu",
            "Pangalengan",
            "Ranca Bali",
            "Soreang",
        ),
    ),
    (
        78,
        "Kota Bogor",
        9,
        "161",
        (
            "Bogor Barat",
            "Bogor Selatan",
            "Bogor Tengah",
            "Bogor Timur",
            "Bogor Utara",
            "Tanah Sareal",
        ),
    ),
    (
        55,
        "Kota Bekasi",
        9,
        "171",
        (
            "Bantar Gebang",
            "Bekasi Barat",
            "Bekasi Selatan",
            "Bekasi Timur",
            "Bekasi Utara",
            "Jatiasih",
            "Jatisampurna",
            "Medan Satria",
            "Mustika Jaya",
            "Pondok Gede",
            "Rawalumbu",
        ),
    ),
    (
        115,
        "Kota Depok",
        9,
        "164",
        (
            "Beji",
            "Bojongsari",
            "Cilodong",
            "Cimanggis",
            "Cinere",
            "Cipayung",
            "Limo",
            "Pancoran Mas",
            "Sawangan",
            "Sukmajaya",
            "Tapos",
        ),
    ),
    (
        399,
        "Kota Semarang",
        10,
        "501",
        (
            "Banyumanik",
            "Candisari",
            "Gajah Mungkur",
            "Gayamsari",
            "Genuk",
            "Gunungpati",
            "Mijen",
            "Ngaliyan",
            "Pedurungan",
            "Semarang Barat",
            "Semarang Selatan",
            "Semarang Tengah",
            "Tembalang",
            "Tugu",
        ),
    ),
    (
        445,
        "Kota Surakarta",
        10,
        "571",
        ("Banjarsari", "Jebres", "Laweyan", "Pasar Kliwon", "Serengan"),
    ),
    (
        349,
        "Kabupaten Tegal",
        10,
        "521",
        (
            "Adiwerna",
            "Balapulang",
            "Bojong",
            "Bumijawa",
            "Dukuhturi",
            "Kramat",
            "Margasari",
            "Pangkah",
            "Slawi",
            "Talang",
        ),
    ),
    (
        48,
        "Kabupaten Banjarnegara",
        10,
        "534",
        (
            "Banjarnegara",
            "Bawang",
            "Karangkobar",
            "Madukara",
            "Mandiraja",
            "Purwareja Klampok",
            "Susukan",
            "Wanadadi",
        ),
    ),
    (
        501,
        "Kota Yogyakarta",
        5,
        "552",
        (
            "Danurejan",
            "Gedong Tengen",
            "Gondokusuman",
            "Gondomanan",
            "Jetis",
            "Kotagede",
            "Kraton",
            "Mantrijeron",
            "Mergangsan",
            "Ngampilan",
            "Pakualaman",
            "Tegalrejo",
            "Umbulharjo",
            "Wirobrajan",
        ),
    ),
    (
        419,
        "Kabupaten Sleman",
        5,
        "555",
        (
            "Berbah",
            "Cangkringan",
            "Depok",
            "Gamping",
            "Godean",
            "Kalasan",
            "Mlati",
            "Ngaglik",
            "Ngemplak",
            "Prambanan",
            "Sleman",
            "Tempel",
        ),
    ),
    (
        444,
        "Kota Surabaya",
        11,
        "602",
        (
            "Asemrowo",
            "Benowo",
            "Bubutan",
            "Bulak",
            "Dukuh Pakis",
            "Gayungan",
            "Genteng",
            "Gubeng",
            "Gunung Anyar",
            "Jambangan",
            "Karang Pilang",
            "Kenjeran",
            "Mulyorejo",
            "Rungkut",
            "Sawahan",
            "Sukolilo",
            "Tambaksari",
            "Tegalsari",
            "Wonokromo",
        ),
    ),
    (256, "Kota Malang", 11, "651", ("Blimbing", "Kedungkandang", "Klojen", "Lowokwaru", "Sukun")),
    (
        255,
        "Kabupaten Malang",
        11,
        "651",
        (
            "Bululawang",
            "Dau",
            "Gondanglegi",
            "Kepanjen",
            "Lawang",
            "Pakis",
            "Pakisaji",
            "Singosari",
            "Tajinan",
            "Tumpang",
            "Turen",
            "Wagir",
        ),
    ),
    (
        42,
        "Kabupaten Banyuwangi",
        11,
        "684",
        (
            "Bangorejo",
            "Cluring",
            "Genteng",
            "Glenmore",
            "Kalibaru",
            "Muncar",
            "Purwoharjo",
            "Rogojampi",
            "Srono",
            "Wongsorejo",
        ),
    ),
    (
        114,
        "Kota Denpasar",
        1,
        "802",
        ("Denpasar Barat", "Denpasar Selatan", "Denpasar Timur", "Denpasar Utara"),
    ),
    (
        128,
        "Kabupaten Karangasem",
        1,
        "808",
        ("Abang", "Bebandem", "Karangasem", "Kubu", "Manggis", "Rendang", "Selat", "Sidemen"),
    ),
    (
        278,
        "Kota Medan",
        34,
        "201",
        (
            "Medan Amplas",
            "Medan Area",
            "Medan Baru",
            "Medan Deli",
            "Medan Helvetia",
            "Medan Johor",
            "Medan Kota",
            "Medan Petisah",
            "Medan Selayang",
            "Medan Sunggal",
            "Medan Tembung",
            "Medan Timur",
        ),
    ),
    (
        327,
        "Kota Palembang",
        32,
        "301",
        (
            "Alang-Alang Lebar",
            "Bukit Kecil",
            "Ilir Barat I",
            "Ilir Timur I",
            "Kalidoni",
            "Kemuning",
            "Plaju",
            "Sako",
            "Seberang Ulu I",
            "Sukarami",
        ),
    ),
    (
        254,
        "Kota Makassar",
        28,
        "902",
        (
            "Biringkanaya",
            "Bontoala",
            "Makassar",
            "Mamajang",
            "Manggala",
            "Mariso",
            "Panakkukang",
            "Rappocini",
            "Tallo",
            "Tamalanrea",
            "Tamalate",
            "Ujung Pandang",
        ),
    ),
    (
        19,
        "Kota Balikpapan",
        15,
        "761",
        (
            "Balikpapan Barat",
            "Balikpapan Kota",
            "Balikpapan Selatan",
            "Balikpapan Tengah",
            "Balikpapan Timur",
            "Balikpapan Utara",
        ),
    ),
)

FIXED_DISTRICT_IDS = {"Lowokwaru": SUPPLIER_DISTRICT_ID, "Cengkareng": 2087, "Tajinan": 3627}

USERS: tuple[dict[str, Any], ...] = (
    {"id": 1, "name": "Juragan", "email": "juragan@tokosejahtera.id"},
    {"id": 2, "name": "Kasir Satu", "email": "kasir1@tokosejahtera.id"},
    {"id": 3, "name": "Kasir Dua", "email": "kasir2@tokosejahtera.id"},
)

BANKS: tuple[dict[str, Any], ...] = (
    {
        "bank_id": CASH_BANK_ID,
        "bank_name": "Kas Toko",
        "bank_type": "cash",
        "branch": "Toko",
        "holder_name": "Toko Sejahtera Abadi",
        "account_number": "-",
        "image": None,
        "type": "BANK",
    },
    {
        "bank_id": BCA_BANK_ID,
        "bank_name": "BCA",
        "bank_type": "bca",
        "branch": "Malang Kawi",
        "holder_name": "Budi Santoso",
        "account_number": "0112345678",
        "image": "https://ngorder-1.sgp1.digitaloceanspaces.com/bank/bca.svg",
        "type": "BANK",
    },
    {
        "bank_id": 848,
        "bank_name": "Mandiri",
        "bank_type": "mandiri",
        "branch": "Malang Soekarno Hatta",
        "holder_name": "Budi Santoso",
        "account_number": "1440012345678",
        "image": "https://ngorder-1.sgp1.digitaloceanspaces.com/bank/mandiri.svg",
        "type": "BANK",
    },
    {
        "bank_id": 849,
        "bank_name": "BRI",
        "bank_type": "bri",
        "branch": "Lowokwaru",
        "holder_name": "Budi Santoso",
        "account_number": "002101012345509",
        "image": "https://ngorder-1.sgp1.digitaloceanspaces.com/bank/bri.svg",
        "type": "BANK",
    },
    {
        "bank_id": QRIS_BANK_ID,
        "bank_name": "QRIS",
        "bank_type": "xendit",
        "branch": "",
        "holder_name": "Toko Sejahtera Abadi",
        "account_number": "",
        "image": None,
        "type": "PAYMENT GATEWAY",
    },
)

# id, rate_name, logistic_name, show_name, group, active, base rate per kg, min/max days
EXPEDITIONS: tuple[tuple[int, str, str, str, str, bool, int, int, int], ...] = (
    (1, "REG", "JNE", "Regular", "regular", True, 9000, 2, 3),
    (2, "YES", "JNE", "Express", "express", True, 18000, 1, 1),
    (3, "OKE", "JNE", "Regular", "regular", False, 7500, 3, 5),
    (4, "JTR", "JNE", "Trucking", "trucking", True, 5000, 4, 7),
    (57, "EZ", "J&T", "Regular", "regular", True, 8500, 2, 3),
    (58, "REG", "SiCepat", "Regular", "regular", True, 8000, 1, 2),
    (59, "BEST", "SiCepat", "Express", "express", True, 16000, 1, 1),
    (363, "GOKIL", "SiCepat", "Trucking", "trucking", True, 4500, 3, 5),
    (44, "REGPACK", "Lion Parcel", "Regular", "regular", True, 7800, 2, 4),
    (42, "ONEPACK", "Lion Parcel", "Express", "express", False, 17000, 1, 1),
    (349, "Reguler", "SAP", "Regular", "regular", True, 8200, 2, 3),
    (350, "One Day Service", "SAP", "Express", "express", True, 19000, 1, 1),
    (700, "ECO", "Tiki", "Regular", "regular", False, 7000, 3, 6),
    (PICKUP_EXPEDITION_ID, "", "Ambil di Toko", "Ambil di Toko", "pickup", True, 0, 0, 0),
    (MANUAL_EXPEDITION_ID, "", "Input Manual", "Input Manual", "manual", True, 0, 0, 0),
)

CUSTOM_COURIERS: tuple[dict[str, Any], ...] = (
    {"id": 1, "name": "KURIR TOKO", "fee": 15000},
    {"id": 2, "name": "INDAH KARGO", "fee": 40000},
    {"id": 3, "name": "Ojek Pak Slamet", "fee": 10000},
)

MARKETPLACES: tuple[tuple[int, str], ...] = (
    (1, "Tokopedia"),
    (2, "Bukalapak"),
    (3, "Shopee"),
    (4, "Instagram"),
    (5, "Whatsapp"),
    (6, "Lazada"),
    (7, "Facebook"),
    (8, "Website Lain"),
)

ORDER_SOURCES: tuple[dict[str, Any], ...] = (
    {
        "id": 12,
        "marketplace_id": 5,
        "marketplace_name": "Whatsapp",
        "note": "085755065637",
        "status": "ACTIVE",
    },
    {
        "id": 30,
        "marketplace_id": 1,
        "marketplace_name": "Tokopedia",
        "note": "Sejahtera Official",
        "status": "ACTIVE",
    },
    {
        "id": 475,
        "marketplace_id": 3,
        "marketplace_name": "Shopee",
        "note": "Sejahtera Abadi Shop",
        "status": "ACTIVE",
    },
    {
        "id": 476,
        "marketplace_id": 4,
        "marketplace_name": "Instagram",
        "note": "@tokosejahtera",
        "status": "ACTIVE",
    },
    {
        "id": 477,
        "marketplace_id": 8,
        "marketplace_name": "Website Lain",
        "note": "Toko Offline",
        "status": "ACTIVE",
    },
    {
        "id": 478,
        "marketplace_id": 7,
        "marketplace_name": "Facebook",
        "note": "Grup Lama",
        "status": "NON ACTIVE",
    },
)

ORDER_COSTS: tuple[dict[str, Any], ...] = (
    {
        "order_cost_id": "5ee966002dcc1277122556c7",
        "title": "Biaya Lain",
        "category": "OTHER COST",
        "type": "NOMINAL",
        "name": "Biaya Packing",
        "percentage": 0,
        "nominal": 2000,
    },
    {
        "order_cost_id": "5f08080d89ecff22732f9df2",
        "title": "Diskon Order",
        "category": "DISCOUNT",
        "type": "NOMINAL",
        "name": "Diskon Lebaran",
        "percentage": 0,
        "nominal": 10000,
    },
    {
        "order_cost_id": "5f18e505ff430000f1003b84",
        "title": "Diskon Order",
        "category": "DISCOUNT",
        "type": "PERCENTAGE",
        "name": "Diskon Member",
        "percentage": 5,
        "nominal": 0,
    },
    {
        "order_cost_id": "5f18e505ff430000f1003b85",
        "title": "Biaya Lain",
        "category": "OTHER COST",
        "type": "PERCENTAGE",
        "name": "Biaya Kartu Kredit",
        "percentage": 2,
        "nominal": 0,
    },
)

PRODUCT_CATEGORIES: tuple[tuple[int, str], ...] = (
    (20148, "AKSESORI MASAK"),
    (20149, "PAKAIAN PRIA"),
    (20150, "PAKAIAN WANITA"),
    (20151, "MUSLIM"),
    (20152, "SEPATU & SANDAL"),
    (20153, "TAS & DOMPET"),
    (20154, "MAKANAN & MINUMAN"),
    (20155, "RUMAH TANGGA"),
    (20156, "KECANTIKAN"),
)

# (name, category index, apparel: sizes/colours apply, weight grams, base price in thousands)
PRODUCT_KINDS: tuple[tuple[str, int, bool, int, int], ...] = (
    ("Kaos Polos", 1, True, 180, 45),
    ("Kemeja Batik", 1, True, 250, 135),
    ("Celana Chino", 1, True, 450, 150),
    ("Jaket Hoodie", 1, True, 600, 185),
    ("Kemeja Flanel", 1, True, 300, 120),
    ("Celana Jeans", 1, True, 650, 210),
    ("Blouse Rayon", 2, True, 200, 95),
    ("Rok Plisket", 2, True, 300, 85),
    ("Dress Midi", 2, True, 350, 175),
    ("Cardigan Rajut", 2, True, 320, 110),
    ("Gamis", 3, True, 500, 225),
    ("Hijab Segi Empat", 3, True, 120, 35),
    ("Mukena", 3, True, 550, 160),
    ("Sarung Tenun", 3, False, 400, 95),
    ("Koko Kurta", 3, True, 280, 140),
    ("Sepatu Sneakers", 4, True, 900, 275),
    ("Sandal Jepit", 4, True, 250, 25),
    ("Sepatu Pantofel", 4, True, 950, 320),
    ("Tas Ransel", 5, False, 700, 185),
    ("Dompet Kulit", 5, False, 150, 95),
    ("Tas Selempang", 5, False, 400, 120),
    ("Kopi Bubuk", 6, False, 250, 38),
    ("Teh Celup", 6, False, 100, 12),
    ("Sambal Botol", 6, False, 300, 22),
    ("Kecap Manis", 6, False, 650, 24),
    ("Keripik Singkong", 6, False, 200, 15),
    ("Gula Aren", 6, False, 500, 28),
    ("Beras Pandan Wangi 5kg", 6, False, 5000, 78),
    ("Madu Hutan", 6, False, 450, 85),
    ("Panci Presto", 0, False, 3500, 325),
    ("Wajan Anti Lengket", 0, False, 1200, 165),
    ("Spatula Kayu", 0, False, 100, 18),
    ("Rak Piring", 7, False, 2500, 145),
    ("Sabun Cuci Piring", 7, False, 800, 17),
    ("Sapu Ijuk", 7, False, 600, 32),
    ("Lampu LED", 7, False, 150, 29),
    ("Serum Wajah", 8, False, 80, 89),
    ("Lipstik Matte", 8, False, 30, 55),
    ("Bedak Tabur", 8, False, 60, 42),
    ("Minyak Kayu Putih", 8, False, 120, 26),
)
BRANDS: tuple[str, ...] = (
    "Sejahtera",
    "Nusantara",
    "Merapi",
    "Cahaya",
    "Mawar",
    "Garuda",
    "Kenanga",
    "Bintang",
    "Lestari",
    "Melati",
    "Pelangi",
    "Rinjani",
    "Semeru",
    "Bahari",
    "Jaya Abadi",
    "Sriwijaya",
)
STYLES: tuple[str, ...] = (
    "Premium",
    "Original",
    "Basic",
    "Classic",
    "Slim Fit",
    "Oversize",
    "Motif Parang",
    "Edisi Lebaran",
    "Super",
    "Lite",
    "Kids",
    "Jumbo",
    "Import",
    "Lokal",
    "Organik",
    "Promo",
)
SIZES: tuple[str, ...] = ("S", "M", "L", "XL", "XXL")
COLOURS: tuple[str, ...] = (
    "Merah",
    "Biru",
    "Hitam",
    "Putih",
    "Hijau",
    "Kuning",
    "Abu-abu",
    "Navy",
    "Maroon",
    "Cokelat",
    "Mocca",
    "Sage",
)
PACKS: tuple[str, ...] = ("250gr", "500gr", "1kg", "Sachet", "Botol", "Pouch", "Isi 10", "Isi 25")

FIRST_NAMES: tuple[str, ...] = (
    "Budi",
    "Siti",
    "Agus",
    "Dewi",
    "Andi",
    "Rina",
    "Eko",
    "Sri",
    "Joko",
    "Wati",
    "Rudi",
    "Yuni",
    "Hendra",
    "Lestari",
    "Bambang",
    "Nur",
    "Dian",
    "Fitri",
    "Ahmad",
    "Putri",
    "Rizky",
    "Ayu",
    "Fajar",
    "Indah",
    "Gilang",
    "Maya",
    "Taufik",
    "Ratna",
    "Yoga",
    "Intan",
    "Wahyu",
    "Kartika",
    "Dedi",
    "Mega",
    "Arif",
    "Novi",
    "Hadi",
    "Sari",
    "Irfan",
    "Tuti",
)
LAST_NAMES: tuple[str, ...] = (
    "Santoso",
    "Wijaya",
    "Saputra",
    "Lestari",
    "Pratama",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Susanti",
    "Rahmawati",
    "Gunawan",
    "Siregar",
    "Nasution",
    "Simanjuntak",
    "Wibowo",
    "Purnomo",
    "Hakim",
    "Halim",
    "Utami",
    "Permana",
    "Syahputra",
    "Anggraini",
    "Firmansyah",
    "Maharani",
    "Suryadi",
    "Hartono",
    "Kusuma",
    "Ramadhan",
    "Sembiring",
)
STREETS: tuple[str, ...] = (
    "Jl. Merdeka",
    "Jl. Sudirman",
    "Jl. Diponegoro",
    "Jl. Gajah Mada",
    "Jl. Ahmad Yani",
    "Jl. Pahlawan",
    "Jl. Kartini",
    "Jl. Veteran",
    "Jl. Mawar",
    "Jl. Melati",
    "Jl. Kenanga",
    "Jl. Soekarno Hatta",
    "Jl. Pemuda",
    "Gg. Masjid",
    "Perum Griya Asri Blok C",
)

# The customers that stress the UI, after the five fixed ones.
STRESS_CUSTOMERS: tuple[str, ...] = (
    "Bu [bold]Rina[/bold] [@click=app.quit]",
    "José Ñoño 😀 Warung Kopi",
    "Pak\x1bBudi\x07 Bengkel",
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ref (
    kind TEXT NOT NULL, id TEXT NOT NULL, pos INTEGER NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (kind, id)
);
CREATE TABLE IF NOT EXISTS regions (
    id INTEGER PRIMARY KEY, subdistrict TEXT, city_id INTEGER, city TEXT,
    province_id INTEGER, province TEXT, postal_code TEXT
);
CREATE TABLE IF NOT EXISTS products (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, product_type TEXT NOT NULL,
    category_id INTEGER, category_name TEXT, description TEXT, discount INTEGER,
    weight INTEGER, has_variation TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS variants (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, sku TEXT NOT NULL, size TEXT,
    color TEXT, weight INTEGER, price_buy INTEGER, price INTEGER, price_reseller INTEGER,
    price1 INTEGER, price2 INTEGER, price3 INTEGER, stock INTEGER NOT NULL, barcode TEXT
);
CREATE INDEX IF NOT EXISTS variants_product ON variants (product_id);
CREATE INDEX IF NOT EXISTS variants_sku ON variants (sku);
CREATE TABLE IF NOT EXISTS wholesales (
    id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, from_qty INTEGER, to_qty INTEGER,
    price INTEGER
);
CREATE INDEX IF NOT EXISTS wholesales_product ON wholesales (product_id);
CREATE TABLE IF NOT EXISTS warehouse_stock (
    variant_id INTEGER NOT NULL, warehouse_id INTEGER NOT NULL, stock INTEGER NOT NULL,
    PRIMARY KEY (variant_id, warehouse_id)
);
CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT, email TEXT, address TEXT,
    district_id INTEGER, postal_code TEXT, category_code TEXT, created_at TEXT
);
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY, po_number INTEGER NOT NULL, order_date TEXT NOT NULL,
    created_at TEXT NOT NULL, payment_status TEXT NOT NULL, status TEXT NOT NULL,
    total INTEGER NOT NULL, paid INTEGER NOT NULL, awb_number TEXT, note TEXT,
    sender_id INTEGER, search TEXT NOT NULL, lines TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, bank_id INTEGER, amount INTEGER,
    paid_at TEXT, created_at TEXT, status TEXT
);
CREATE TABLE IF NOT EXISTS expenses (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, nominal INTEGER NOT NULL,
    note TEXT NOT NULL, qty INTEGER NOT NULL, date TEXT NOT NULL, created_at TEXT NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How much was generated."""

    products: int
    variants: int
    customers: int
    regions: int


def region_rows() -> list[tuple[int, str, int, str, int, str, str]]:
    """All districts, fixed (independent of the seed); a few keep the doc's real ids."""
    provinces = dict(PROVINCES)
    rows: list[tuple[int, str, int, str, int, str, str]] = []
    next_id = 3000
    for city_id, city, province_id, prefix, subdistricts in CITIES:
        for i, name in enumerate(subdistricts):
            region_id = FIXED_DISTRICT_IDS.get(name)
            if region_id is None:
                next_id += 1
                region_id = next_id
            postal = f"{prefix}{(i * 7 + city_id) % 100:02d}"
            rows.append(
                (region_id, name, city_id, city, province_id, provinces[province_id], postal)
            )
    return rows


COURIER_LOGOS = "https://ngorder-1.sgp1.digitaloceanspaces.com/courier"


def _reference(seed: int) -> Iterable[tuple[str, str, int, str]]:
    regions = {row[0]: row for row in region_rows()}
    lowokwaru = regions[SUPPLIER_DISTRICT_ID]
    cengkareng = regions[2087]
    supplier = {
        "id": SUPPLIER_ID,
        "name": "Toko Sejahtera Abadi",
        "district_id": SUPPLIER_DISTRICT_ID,
        "shipper_id": 4776,
        "district": lowokwaru[1],
        "city_id": lowokwaru[2],
        "city": lowokwaru[3],
        "location": f"{lowokwaru[1]}, {lowokwaru[3]}",
        "phone": "0341551234",
        "address": "Jl. Soekarno Hatta No. 12",
        "description": "",
        "shipper_status": "ACTIVE",
    }
    supplier2 = {
        "id": SECOND_SUPPLIER_ID,
        "name": "Gudang Jakarta",
        "district_id": 2087,
        "shipper_id": 11677,
        "district": cengkareng[1],
        "city_id": cengkareng[2],
        "city": cengkareng[3],
        "location": f"{cengkareng[1]}, {cengkareng[3]}",
        "phone": "02155667788",
        "address": "Jl. Daan Mogot Km. 14",
        "description": "",
        "shipper_status": "ACTIVE",
    }
    shop = {
        "id": SHOP_ID,
        "username": "tokosejahtera",
        "shop_name": "Toko Sejahtera Abadi",
        "status": "ACTIVE",
        "class": "PLATINUM",
        "join_date": "2019-03-11",
        "expired_date": "2027-03-11",
        "phone": "0341551234",
        "courier": "JNE, J&T, SICEPAT, LION, SAP",
        "address": "Jl. Soekarno Hatta No. 12, Lowokwaru, Kota Malang",
        "shipper_status": "ACTIVE",
        "note": None,
        "store_front": True,
        "warehouse": True,
        "users": [dict(u) for u in USERS],
        "active_supplier": {
            "id": SUPPLIER_ID,
            "name": supplier["name"],
            "location": supplier["location"],
            "phone": supplier["phone"],
            "address": supplier["address"],
            "note": "",
        },
    }
    yield ("shop", str(SHOP_ID), 0, json.dumps(shop))
    for pos, user in enumerate(USERS):
        yield ("user", str(user["id"]), pos, json.dumps(user))
    yield ("supplier", str(SUPPLIER_ID), 0, json.dumps(supplier))
    yield ("supplier", str(SECOND_SUPPLIER_ID), 1, json.dumps(supplier2))
    warehouses = (
        {
            "id": STORE_WAREHOUSE_ID,
            "warehouse": "Gudang Toko",
            "supplier_id": SUPPLIER_ID,
            "address": supplier["location"],
        },
        {
            "id": BACK_WAREHOUSE_ID,
            "warehouse": "Gudang Belakang",
            "supplier_id": SUPPLIER_ID,
            "address": supplier["location"],
        },
    )
    for pos, wh in enumerate(warehouses):
        yield ("warehouse", str(wh["id"]), pos, json.dumps(wh))
    for pos, (code, (cid, name, wholesale, discount)) in enumerate(CATEGORIES.items()):
        body = {
            "id": cid,
            "code": code,
            "category_name": name,
            "status": "ACTIVE",
            "discount_access": discount,
            "wholesale_access": wholesale,
        }
        yield ("customer_category", code, pos, json.dumps(body))
    for pos, bank in enumerate(BANKS):
        yield ("bank", str(bank["bank_id"]), pos, json.dumps(bank))
    for pos, (eid, rate, logistic, show, group, active, base, dmin, dmax) in enumerate(EXPEDITIONS):
        slug = logistic.lower().replace(" ", "").replace("&", "")
        body = {
            "id": eid,
            "rate_name": rate,
            "logistic_name": logistic,
            "show_name": show,
            "logo_url": f"{COURIER_LOGOS}/{slug}.png",
            "pickup_available": "AVAILABLE"
            if group not in ("pickup", "manual")
            else "NOT AVAILABLE",
            "group": group,
            "active": active,
            "base": base,
            "min_day": dmin,
            "max_day": dmax,
        }
        yield ("expedition", str(eid), pos, json.dumps(body))
    for pos, courier in enumerate(CUSTOM_COURIERS):
        yield ("custom_courier", str(courier["id"]), pos, json.dumps(courier))
    for pos, (mid, name) in enumerate(MARKETPLACES):
        yield (
            "marketplace",
            str(mid),
            pos,
            json.dumps({"marketplace_id": mid, "marketplace_name": name}),
        )
    for pos, source in enumerate(ORDER_SOURCES):
        yield ("order_source", str(source["id"]), pos, json.dumps(source))
    for pos, cost in enumerate(ORDER_COSTS):
        yield ("order_cost", cost["order_cost_id"], pos, json.dumps(cost))


def _round_price(value: float, step: int = 500) -> int:
    return max(step, round(value / step) * step)


def _catalog_rows(
    rng: random.Random, products: int
) -> tuple[
    list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]
]:
    product_rows: list[tuple[Any, ...]] = []
    variant_rows: list[tuple[Any, ...]] = []
    wholesale_rows: list[tuple[Any, ...]] = []
    warehouse_rows: list[tuple[Any, ...]] = []
    variant_id = FIRST_VARIANT_ID
    wholesale_id = 5000
    stress = list(STRESS_PRODUCTS)
    for index in range(products):
        product_id = FIRST_PRODUCT_ID + index
        kind_name, cat_index, apparel, weight, base_k = PRODUCT_KINDS[
            rng.randrange(len(PRODUCT_KINDS))
        ]
        category_id, category_name = PRODUCT_CATEGORIES[cat_index]
        stress_sku: str | None = None
        if index < len(stress):
            stress_sku, name = stress[index]
            apparel = False
        else:
            name = f"{kind_name} {rng.choice(BRANDS)} {rng.choice(STYLES)}"
        roll = rng.random()
        product_type = "S" if roll < 0.75 or stress_sku else ("R" if roll < 0.92 else "PO")
        base_price = _round_price(base_k * 1000 * rng.uniform(0.7, 1.5))
        discount = 0
        if rng.random() < 0.15:
            discount = min(base_price // 5, rng.choice((1000, 2000, 2500, 5000, 10000)))
        if apparel:
            sizes = (
                sorted(rng.sample(SIZES, rng.randint(2, 5)), key=SIZES.index)
                if rng.random() < 0.85
                else [""]
            )
            colours = rng.sample(COLOURS, rng.randint(1, 2)) if rng.random() < 0.7 else [""]
            combos = [(s, c) for c in colours for s in sizes if s or c] or [("", "")]
        elif stress_sku is None and rng.random() < 0.6:
            combos = [("", p) for p in rng.sample(PACKS, rng.randint(2, 4))]
        else:
            combos = [("", "")]
        has_variation = "Y" if len(combos) > 1 or combos[0] != ("", "") else "N"
        created = f"2024-{1 + index % 12:02d}-{1 + index % 28:02d} 09:{index % 60:02d}:00"
        product_rows.append(
            (
                product_id,
                name,
                product_type,
                category_id,
                category_name,
                f"{name}. Produk pilihan Toko Sejahtera.",
                discount,
                weight,
                has_variation,
                created,
            )
        )
        prefix = "".join(w[0] for w in kind_name.split()[:3]).upper()
        lowest_tier = 0  # the cheapest tier price of any variant: bands stay below it
        for v_index, (size, colour) in enumerate(combos):
            price = base_price + (5000 if size in ("XL", "XXL") else 0)
            reseller = _round_price(price * rng.uniform(0.82, 0.9))
            price1 = _round_price(price * 0.95)
            price2 = _round_price(price * 0.9)
            price3 = 0 if rng.random() < 0.3 else _round_price(price * 0.85)  # 0: falls back
            price_buy = _round_price(price * rng.uniform(0.55, 0.7), 100)
            tiers = [p for p in (price, reseller, price1, price2, price3) if p > 0]
            lowest_tier = min([*tiers, lowest_tier] if lowest_tier else tiers)
            if product_type == "S":
                stock = 0 if rng.random() < 0.05 else rng.randint(1, 200)
            else:
                stock = rng.randint(0, 50)
            if stress_sku is not None:
                sku = stress_sku
                stock = 500
            else:
                suffix = "-".join(
                    "".join(ch for ch in x if ch.isalnum())[:5].upper() for x in (colour, size) if x
                )
                sku = f"{prefix}-{product_id % 100000:05d}" + (f"-{suffix}" if suffix else "")
            barcode = f"899{variant_id:010d}"
            variant_rows.append(
                (
                    variant_id,
                    product_id,
                    sku,
                    size,
                    colour,
                    weight,
                    price_buy,
                    price,
                    reseller,
                    price1,
                    price2,
                    price3,
                    stock,
                    barcode,
                )
            )
            if product_type == "S" and v_index == 0 and rng.random() < 0.2:
                warehouse_rows.append((variant_id, STORE_WAREHOUSE_ID, rng.randint(1, 40)))
            variant_id += 1
        if stress_sku is None and rng.random() < 0.2:
            # Below the cheapest tier of every variant, as real shops set them: a band
            # above a customer's own price would make a unit dearer for buying more.
            bands = ((3, 5, 0.97), (6, 11, 0.93), (12, 9999, 0.88))
            previous = lowest_tier
            for lo, hi, factor in bands[: rng.randint(2, 3)]:
                band_price = min(int(lowest_tier * factor) // 500 * 500, previous - 500)
                if band_price < 500:
                    break
                previous = band_price
                wholesale_id += 1
                wholesale_rows.append((wholesale_id, product_id, lo, hi, band_price))
    return product_rows, variant_rows, wholesale_rows, warehouse_rows


def _customer_rows(
    rng: random.Random, regions: list[tuple[Any, ...]], count: int
) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    codes = ("N",) * 12 + ("Y",) * 3 + ("D",) * 2 + ("1", "2")
    fixed = (
        ("Pelanggan Umum", "N"),
        ("Toko Berkah Reseller", "Y"),
        ("Dropship Mama Ayu", "D"),
        ("Teman Budi", "1"),
        ("Grosir Pak Haji", "2"),
    )
    for index in range(count):
        region = regions[rng.randrange(len(regions))]
        if index < len(fixed):
            name, code = fixed[index]
            if index == 0:
                region = next(r for r in regions if r[0] == SUPPLIER_DISTRICT_ID)
        elif index < len(fixed) + len(STRESS_CUSTOMERS):
            name, code = STRESS_CUSTOMERS[index - len(fixed)], "N"
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            code = rng.choice(codes)
        phone = "08" + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(9, 10)))
        email = (
            f"{name.split()[0].lower()}{index}@contoh.id"
            if rng.random() < 0.4 and name.isascii()
            else None
        )
        address = f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}"
        created = f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}"
        rows.append(
            (
                FIRST_CUSTOMER_ID + index,
                name,
                phone,
                email,
                address,
                region[0],
                region[6],
                code,
                created,
            )
        )
    return rows


def create_schema(db: sqlite3.Connection) -> None:
    """Create the sandbox tables (idempotent)."""
    db.executescript(SCHEMA)


def generate(
    db: sqlite3.Connection, *, seed: int, products: int = DEFAULT_PRODUCTS, customers: int = 300
) -> DemoSummary:
    """Fill an empty sandbox database with the demo shop for `seed` (one transaction)."""
    if products < 0 or customers < len(CUSTOMER_ID_BY_CATEGORY) + len(STRESS_CUSTOMERS):
        raise ValueError("products must be >= 0 and customers >= 8")
    create_schema(db)
    rng = random.Random(seed)
    regions = region_rows()
    product_rows, variant_rows, wholesale_rows, warehouse_rows = _catalog_rows(rng, products)
    customer_rows = _customer_rows(random.Random(seed * 7919 + 1), regions, customers)
    with db:
        db.executemany("INSERT INTO ref VALUES (?, ?, ?, ?)", list(_reference(seed)))
        db.executemany("INSERT INTO regions VALUES (?, ?, ?, ?, ?, ?, ?)", regions)
        db.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", product_rows)
        db.executemany(
            "INSERT INTO variants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", variant_rows
        )
        db.executemany("INSERT INTO wholesales VALUES (?, ?, ?, ?, ?)", wholesale_rows)
        db.executemany("INSERT INTO warehouse_stock VALUES (?, ?, ?)", warehouse_rows)
        db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", customer_rows)
        db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [
                ("schema", SCHEMA_VERSION),
                ("seed", str(seed)),
                ("products", str(products)),
                ("customers", str(customers)),
            ],
        )
    return DemoSummary(len(product_rows), len(variant_rows), len(customer_rows), len(regions))

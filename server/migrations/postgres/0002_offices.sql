-- The Korea Customs Service: headquarters, the big-data centre, the regional (main) customs
-- offices and some branch offices.
-- Codes are the two-digit office codes of the datasets (the CDD's `Office ID`). Their mapping to
-- office names follows the KCS customs office codes as understood here (010 Seoul, 020 Busan,
-- 030 Incheon, 040 Incheon Airport, ...); it is an assumption to confirm against KCS's code list.
INSERT INTO offices (code, ko_name, en_name, kind, parent) VALUES
    ('00', '관세청', 'Korea Customs Service (headquarters)', 'headquarters', NULL),
    ('99', '관세청 빅데이터센터', 'KCS Big Data Centre', 'centre', '00'),
    ('10', '서울본부세관', 'Seoul Main Customs', 'regional', '00'),
    ('20', '부산본부세관', 'Busan Main Customs', 'regional', '00'),
    ('30', '인천본부세관', 'Incheon Main Customs', 'regional', '00'),
    ('40', '인천공항본부세관', 'Incheon Airport Main Customs', 'regional', '00'),
    ('11', '대구본부세관', 'Daegu Main Customs', 'regional', '00'),
    ('12', '광주본부세관', 'Gwangju Main Customs', 'regional', '00'),
    ('16', '평택직할세관', 'Pyeongtaek Customs', 'branch', '10'),
    ('62', '광양세관', 'Gwangyang Customs', 'branch', '12'),
    ('81', '울산세관', 'Ulsan Customs', 'branch', '20'),
    ('41', '김포공항세관', 'Gimpo Airport Customs', 'branch', '10');

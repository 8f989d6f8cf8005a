-- The catalogue: a few hundred rows of published values, rounded. Masses of exoplanets found
-- by radial velocity are minimum masses.

insert into public.star_systems (name, constellation, distance_ly, star_count) values
    ('Solar System', null, 0, 1),
    ('Alpha Centauri', 'Centaurus', 4.25, 3),
    ('TRAPPIST-1', 'Aquarius', 40.66, 1),
    ('51 Pegasi', 'Pegasus', 50.60, 1),
    ('Kepler-16', 'Cygnus', 245.00, 2),
    ('Kepler-186', 'Cygnus', 579.00, 1);

insert into public.planets
    (system_id, name, kind, mass_earths, radius_km, orbital_period_days, has_rings, atmosphere,
     details, description, discovered_on)
select s.id, p.name, p.kind::public.body_kind, p.mass_earths, p.radius_km, p.orbital_period_days,
       p.has_rings, p.atmosphere, p.details::jsonb, p.description, p.discovered_on::date
from (values
    ('Solar System', 'Mercury', 'planet', 0.0553, 2440, 87.969, false,
     array['oxygen', 'sodium', 'hydrogen'],
     '{"gravity_ms2": 3.7, "mean_temperature_c": 167, "day_length_hours": 4222.6}',
     'The smallest planet and the closest to the Sun, with a cratered surface and almost no atmosphere.',
     null),
    ('Solar System', 'Venus', 'planet', 0.815, 6052, 224.701, false,
     array['carbon dioxide', 'nitrogen'],
     '{"gravity_ms2": 8.87, "mean_temperature_c": 464, "day_length_hours": 2802.0}',
     'A rocky planet under thick clouds of sulfuric acid; its surface is the hottest in the Solar System.',
     null),
    ('Solar System', 'Earth', 'planet', 1.0, 6371, 365.256, false,
     array['nitrogen', 'oxygen', 'argon'],
     '{"gravity_ms2": 9.81, "mean_temperature_c": 15, "day_length_hours": 24.0}',
     'The only world known to host life, with liquid water oceans covering most of its surface.',
     null),
    ('Solar System', 'Mars', 'planet', 0.107, 3390, 686.980, false,
     array['carbon dioxide', 'nitrogen', 'argon'],
     '{"gravity_ms2": 3.71, "mean_temperature_c": -65, "day_length_hours": 24.7}',
     'A cold desert planet with polar ice caps, dust storms and the volcano Olympus Mons.',
     null),
    ('Solar System', 'Jupiter', 'planet', 317.8, 69911, 4332.59, true,
     array['hydrogen', 'helium'],
     '{"gravity_ms2": 24.79, "mean_temperature_c": -110, "day_length_hours": 9.9}',
     'The largest planet, a gas giant whose Great Red Spot is a storm wider than Earth.',
     null),
    ('Solar System', 'Saturn', 'planet', 95.2, 58232, 10759.22, true,
     array['hydrogen', 'helium'],
     '{"gravity_ms2": 10.44, "mean_temperature_c": -140, "day_length_hours": 10.7}',
     'A gas giant with the brightest ring system, made of ice and rock particles.',
     null),
    ('Solar System', 'Uranus', 'planet', 14.5, 25362, 30688.5, true,
     array['hydrogen', 'helium', 'methane'],
     '{"gravity_ms2": 8.69, "mean_temperature_c": -195, "day_length_hours": 17.2}',
     'An ice giant that rotates on its side, with faint rings and methane-blue clouds.',
     '1781-03-13'),
    ('Solar System', 'Neptune', 'planet', 17.1, 24622, 60182.0, true,
     array['hydrogen', 'helium', 'methane'],
     '{"gravity_ms2": 11.15, "mean_temperature_c": -200, "day_length_hours": 16.1}',
     'The outermost planet, an ice giant with the fastest winds measured in the Solar System.',
     '1846-09-23'),
    ('Solar System', 'Ceres', 'dwarf_planet', 0.00016, 470, 1680.0, false,
     array[]::text[],
     '{"gravity_ms2": 0.28, "mean_temperature_c": -105, "day_length_hours": 9.1}',
     'The largest object in the asteroid belt, with bright salt deposits in Occator crater.',
     '1801-01-01'),
    ('Solar System', 'Pluto', 'dwarf_planet', 0.0022, 1188, 90560.0, false,
     array['nitrogen', 'methane', 'carbon monoxide'],
     '{"gravity_ms2": 0.62, "mean_temperature_c": -229, "day_length_hours": 153.3}',
     'A Kuiper belt dwarf planet with a heart-shaped nitrogen ice plain and a thin hazy atmosphere.',
     '1930-02-18'),
    ('Solar System', 'Eris', 'dwarf_planet', 0.0028, 1163, 203830.0, false,
     array[]::text[],
     '{"gravity_ms2": 0.82, "mean_temperature_c": -243, "day_length_hours": 25.9}',
     'A distant scattered-disc dwarf planet, slightly more massive than Pluto.',
     '2005-01-05'),
    ('Alpha Centauri', 'Proxima Centauri b', 'exoplanet', 1.07, null, 11.186, false,
     array[]::text[],
     '{"detection": "radial velocity", "habitable_zone": true, "host_star": "Proxima Centauri"}',
     'The closest known exoplanet, orbiting in the habitable zone of a flaring red dwarf.',
     '2016-08-24'),
    ('TRAPPIST-1', 'TRAPPIST-1e', 'exoplanet', 0.692, 5861, 6.101, false,
     array[]::text[],
     '{"detection": "transit", "habitable_zone": true, "host_star": "TRAPPIST-1"}',
     'A rocky Earth-sized planet of an ultracool dwarf, among the best candidates for liquid water.',
     '2017-02-22'),
    ('TRAPPIST-1', 'TRAPPIST-1f', 'exoplanet', 1.039, 6658, 9.208, false,
     array[]::text[],
     '{"detection": "transit", "habitable_zone": true, "host_star": "TRAPPIST-1"}',
     'A rocky planet slightly larger than Earth, likely rich in water ice.',
     '2017-02-22'),
    ('TRAPPIST-1', 'TRAPPIST-1g', 'exoplanet', 1.321, 7193, 12.352, false,
     array[]::text[],
     '{"detection": "transit", "habitable_zone": true, "host_star": "TRAPPIST-1"}',
     'The largest TRAPPIST-1 planet, at the outer edge of the habitable zone.',
     '2017-02-22'),
    ('51 Pegasi', '51 Pegasi b', 'exoplanet', 146.0, null, 4.231, false,
     array[]::text[],
     '{"detection": "radial velocity", "habitable_zone": false, "host_star": "51 Pegasi"}',
     'The first exoplanet found around a Sun-like star, a hot Jupiter on a four-day orbit.',
     '1995-10-06'),
    ('Kepler-16', 'Kepler-16b', 'exoplanet', 105.8, 52700, 228.776, false,
     array[]::text[],
     '{"detection": "transit", "habitable_zone": false, "host_star": "Kepler-16 A and B"}',
     'A Saturn-mass planet that orbits both stars of a binary system.',
     '2011-09-15'),
    ('Kepler-186', 'Kepler-186f', 'exoplanet', null, 7454, 129.9, false,
     array[]::text[],
     '{"detection": "transit", "habitable_zone": true, "host_star": "Kepler-186"}',
     'The first Earth-sized planet found in the habitable zone of another star.',
     '2014-04-17')
) as p (system_name, name, kind, mass_earths, radius_km, orbital_period_days, has_rings,
        atmosphere, details, description, discovered_on)
join public.star_systems s on s.name = p.system_name
order by s.id, p.orbital_period_days;

insert into public.moons (planet_id, name, radius_km, discovered_by, discovered_year)
select p.id, m.name, m.radius_km, m.discovered_by, m.discovered_year
from (values
    ('Earth', 'Moon', 1737.4, null, null),
    ('Mars', 'Phobos', 11.3, 'Asaph Hall', 1877),
    ('Mars', 'Deimos', 6.2, 'Asaph Hall', 1877),
    ('Jupiter', 'Io', 1821.6, 'Galileo Galilei', 1610),
    ('Jupiter', 'Europa', 1560.8, 'Galileo Galilei', 1610),
    ('Jupiter', 'Ganymede', 2634.1, 'Galileo Galilei', 1610),
    ('Jupiter', 'Callisto', 2410.3, 'Galileo Galilei', 1610),
    ('Saturn', 'Mimas', 198.2, 'William Herschel', 1789),
    ('Saturn', 'Enceladus', 252.1, 'William Herschel', 1789),
    ('Saturn', 'Iapetus', 734.5, 'Giovanni Cassini', 1671),
    ('Saturn', 'Rhea', 763.8, 'Giovanni Cassini', 1672),
    ('Saturn', 'Titan', 2574.7, 'Christiaan Huygens', 1655),
    ('Uranus', 'Titania', 788.4, 'William Herschel', 1787),
    ('Uranus', 'Oberon', 761.4, 'William Herschel', 1787),
    ('Uranus', 'Miranda', 235.8, 'Gerard Kuiper', 1948),
    ('Neptune', 'Triton', 1353.4, 'William Lassell', 1846),
    ('Pluto', 'Charon', 606.0, 'James Christy', 1978)
) as m (planet_name, name, radius_km, discovered_by, discovered_year)
join public.planets p on p.name = m.planet_name
order by p.id, m.discovered_year nulls first, m.name;

insert into public.missions (name, agency, status, launched_on, budget_musd, instruments, website)
select m.name, m.agency, m.status::public.mission_status, m.launched_on::date, m.budget_musd,
       m.instruments, m.website
from (values
    ('Voyager 1', 'NASA', 'active', '1977-09-05', null,
     array['imaging', 'magnetometer', 'plasma wave'], 'https://science.nasa.gov/mission/voyager/'),
    ('Voyager 2', 'NASA', 'active', '1977-08-20', null,
     array['imaging', 'magnetometer', 'plasma wave'], 'https://science.nasa.gov/mission/voyager/'),
    ('Galileo', 'NASA', 'completed', '1989-10-18', 1400.0,
     array['imaging', 'spectrometer', 'atmospheric probe'], null),
    ('Magellan', 'NASA', 'completed', '1989-05-04', 680.0, array['radar'], null),
    ('Cassini-Huygens', 'NASA/ESA/ASI', 'completed', '1997-10-15', 3260.0,
     array['imaging', 'radar', 'spectrometer', 'lander'], null),
    ('Mars Climate Orbiter', 'NASA', 'lost', '1998-12-11', 327.6, array['radiometer', 'imaging'], null),
    ('MESSENGER', 'NASA', 'completed', '2004-08-03', 446.0,
     array['imaging', 'laser altimeter', 'spectrometer'], null),
    ('Venus Express', 'ESA', 'completed', '2005-11-09', 260.0, array['spectrometer', 'imaging'], null),
    ('New Horizons', 'NASA', 'active', '2006-01-19', 780.0,
     array['imaging', 'spectrometer', 'dust counter'], null),
    ('Dawn', 'NASA', 'completed', '2007-09-27', 467.0, array['imaging', 'spectrometer'], null),
    ('Akatsuki', 'JAXA', 'lost', '2010-05-20', null, array['infrared camera', 'ultraviolet imager'], null),
    ('Juno', 'NASA', 'active', '2011-08-05', 1100.0,
     array['microwave radiometer', 'magnetometer', 'imaging'], null),
    ('Curiosity', 'NASA', 'active', '2011-11-26', 2500.0,
     array['laser spectrometer', 'drill', 'imaging'], null),
    ('BepiColombo', 'ESA/JAXA', 'active', '2018-10-20', null,
     array['laser altimeter', 'magnetometer', 'imaging'], null),
    ('Hope', 'UAESA', 'active', '2020-07-19', 200.0, array['imaging', 'spectrometer'], null),
    ('Tianwen-1', 'CNSA', 'active', '2020-07-23', null, array['imaging', 'radar', 'rover'], null),
    ('Perseverance', 'NASA', 'active', '2020-07-30', 2700.0,
     array['sample caching', 'imaging', 'helicopter'], null),
    ('JUICE', 'ESA', 'active', '2023-04-14', 1600.0, array['radar', 'laser altimeter', 'imaging'], null),
    ('Europa Clipper', 'NASA', 'active', '2024-10-14', 5000.0,
     array['ice-penetrating radar', 'magnetometer', 'imaging'], null),
    ('VERITAS', 'NASA', 'planned', null, null, array['radar', 'spectrometer'], null),
    ('DAVINCI', 'NASA', 'planned', null, null, array['atmospheric probe', 'imaging'], null)
) as m (name, agency, status, launched_on, budget_musd, instruments, website)
order by m.launched_on nulls last, m.name;

insert into public.mission_targets (mission_id, planet_id, encounter)
select m.id, p.id, t.encounter
from (values
    ('Voyager 1', 'Jupiter', 'flyby'), ('Voyager 1', 'Saturn', 'flyby'),
    ('Voyager 2', 'Jupiter', 'flyby'), ('Voyager 2', 'Saturn', 'flyby'),
    ('Voyager 2', 'Uranus', 'flyby'), ('Voyager 2', 'Neptune', 'flyby'),
    ('Galileo', 'Venus', 'flyby'), ('Galileo', 'Jupiter', 'orbiter'),
    ('Magellan', 'Venus', 'orbiter'),
    ('Cassini-Huygens', 'Venus', 'flyby'), ('Cassini-Huygens', 'Jupiter', 'flyby'),
    ('Cassini-Huygens', 'Saturn', 'orbiter'),
    ('Mars Climate Orbiter', 'Mars', 'orbiter'),
    ('MESSENGER', 'Venus', 'flyby'), ('MESSENGER', 'Mercury', 'orbiter'),
    ('Venus Express', 'Venus', 'orbiter'),
    ('New Horizons', 'Jupiter', 'flyby'), ('New Horizons', 'Pluto', 'flyby'),
    ('Dawn', 'Mars', 'flyby'), ('Dawn', 'Ceres', 'orbiter'),
    ('Akatsuki', 'Venus', 'orbiter'),
    ('Juno', 'Jupiter', 'orbiter'),
    ('Curiosity', 'Mars', 'rover'),
    ('BepiColombo', 'Venus', 'flyby'), ('BepiColombo', 'Mercury', 'orbiter'),
    ('Hope', 'Mars', 'orbiter'),
    ('Tianwen-1', 'Mars', 'rover'),
    ('Perseverance', 'Mars', 'rover'),
    ('JUICE', 'Jupiter', 'orbiter'),
    ('Europa Clipper', 'Mars', 'flyby'), ('Europa Clipper', 'Jupiter', 'orbiter'),
    ('VERITAS', 'Venus', 'orbiter'),
    ('DAVINCI', 'Venus', 'probe')
) as t (mission_name, planet_name, encounter)
join public.missions m on m.name = t.mission_name
join public.planets p on p.name = t.planet_name;

insert into public.observatories (name, country, elevation_m, aperture_m) values
    ('W. M. Keck Observatory', 'United States', 4145, 10.00),
    ('Subaru Telescope', 'United States', 4139, 8.20),
    ('Very Large Telescope', 'Chile', 2635, 8.20),
    ('Gemini South', 'Chile', 2722, 8.10),
    ('Gran Telescopio Canarias', 'Spain', 2267, 10.40),
    ('Calar Alto Observatory', 'Spain', 2168, 3.50),
    ('Southern African Large Telescope', 'South Africa', 1798, 9.20),
    ('Siding Spring Observatory', 'Australia', 1165, 3.90),
    ('Palomar Observatory', 'United States', 1712, 5.10),
    ('Kitt Peak National Observatory', 'United States', 2096, 4.00);

-- Two demo users' notes. Tokens with sub = one of these ids see that user's notes through RLS.
insert into public.user_notes (user_id, planet_id, body, is_public, created_at)
select n.user_id::uuid, p.id, n.body, n.is_public, n.created_at::timestamptz
from (values
    ('4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a', 'Jupiter',
     'Great Red Spot clearly visible at 200x tonight.', true, '2025-03-02 21:14:00+00'),
    ('4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a', 'Saturn',
     'Rings nearly edge-on; Titan east of the planet.', false, '2025-03-09 22:40:00+00'),
    ('4a7d8c2e-1b3f-4c5d-9e6a-7b8c9d0e1f2a', 'Mars',
     'Dust storm over Hellas, little surface detail.', false, '2025-04-11 02:05:00+00'),
    ('9c1e5f3a-6d2b-4e8f-a0b1-c2d3e4f5a6b7', 'Venus',
     'Crescent phase through a blue filter.', true, '2025-02-18 18:30:00+00'),
    ('9c1e5f3a-6d2b-4e8f-a0b1-c2d3e4f5a6b7', 'Jupiter',
     'Io transit and its shadow, 23:10 to 01:25 UTC.', false, '2025-03-02 23:50:00+00')
) as n (user_id, planet_name, body, is_public, created_at)
join public.planets p on p.name = n.planet_name
order by n.created_at;

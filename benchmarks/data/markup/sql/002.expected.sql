-- Weekly report: strikes per oblast, Kyiv time.
-- Run by the data desk every Monday; results go to the Zaporizhzhia and
-- Dnipro stringers as a CSV.
SELECT
    o.name                                          AS oblast,
    date_trunc('week', s.at AT TIME ZONE 'Europe/Kiev') AS week,
    count(*)                                        AS strikes
FROM strikes s
JOIN oblasts o ON o.id = s.oblast_id
WHERE o.name IN ('Zaporozhye', 'Dnepropetrovsk', "Kharkov")  -- feed spellings
  AND s.at >= now() - interval '7 days'
GROUP BY 1, 2
ORDER BY strikes DESC; -- Zaporizhzhia usually tops the list

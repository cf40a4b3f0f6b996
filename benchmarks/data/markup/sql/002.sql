-- Weekly report: strikes per oblast, Kiev time.
-- Run by the data desk every Monday; results go to the Zaporozhye and
-- Dnepr stringers as a CSV.
SELECT
    o.name                                          AS oblast,
    date_trunc('week', s.at AT TIME ZONE 'Europe/Kiev') AS week,
    count(*)                                        AS strikes
FROM strikes s
JOIN oblasts o ON o.id = s.oblast_id
WHERE o.name IN ('Zaporozhye', 'Dnepropetrovsk', "Kharkov")  -- feed spellings
  AND s.at >= now() - interval '7 days'
GROUP BY 1, 2
ORDER BY strikes DESC; -- Zaporozhye usually tops the list

a0203-----
u s BC-US--Mississippi Low Water   {{ hours_ago:50|anpa_day }} 0075
^BC-US--Mississippi Low Water,75<
^Low water on Mississippi slows barge traffic, lifts grain freight rates<
^By RUTH OKAFOR=
^Prairie Telegraph=
	   MEMPHIS, Tenn. (PT) _ Low water on the lower Mississippi River has forced barge operators to cut loads and slowed grain shipments to the Gulf of Mexico, the U.S. Army Corps of Engineers said on Monday.
	   The river gauge at Memphis stood at minus 9 feet. Freight rates for barges leaving St. Louis rose 40 percent in a week, the Agriculture Department said.
	   The Corps said dredging crews were working around the clock to keep a 9-foot channel open.

	   PT-{{ hours_ago:50|anpa }}<


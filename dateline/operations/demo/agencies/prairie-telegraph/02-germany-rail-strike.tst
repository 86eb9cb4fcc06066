a0202-----
u s BC-EU--Germany-Rail Strike   {{ hours_ago:8|anpa_day }} 0067
^BC-EU--Germany-Rail Strike,67<
^Train drivers' strike strands commuters across Germany<
^By KARL BRANDT=
^Prairie Telegraph=
	   FRANKFURT, Germany (PT) _ Commuters across Germany crowded onto buses and into shared cars on Thursday as a 48-hour strike by train drivers halted most long-distance and many regional trains.
	   The national rail operator said it was running about one in five long-distance trains. The drivers' union wants a 35-hour week with no cut in pay.
	   Economists estimated the strike could cost the economy up to 100 million euros a day.

	   PT-{{ hours_ago:8|anpa }}<


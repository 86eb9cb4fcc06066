a0201-----
u s BC-CN--Alberta Wildfire   {{ hours_ago:13|anpa_day }} 0067
^BC-CN--Alberta Wildfire,67<
^Wildfire forces 8,000 from homes in northern Alberta<
^By ELLEN MACKAY=
^Prairie Telegraph=
	   EDMONTON, Alberta (PT) _ A wildfire fanned by strong winds forced about 8,000 people to leave their homes in northern Alberta on Wednesday, provincial officials said.
	   The fire had burned 21,000 hectares near the town of Peace River and was out of control, the Alberta wildfire agency said. Schools and the regional hospital were evacuated.
	   ``We are asking everyone in the zone to leave now, not tonight,'' said Mayor Doug Reimer.

	   PT-{{ hours_ago:13|anpa }}<


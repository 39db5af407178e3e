def place_list(r):
    pass


internship_calendar = place_detail = occupation_list = occupation_detail = careers_check = (
    place_list
)

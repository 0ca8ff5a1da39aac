"""Privacy questions and complaints: taken in, tracked to their due date, answered, counted."""

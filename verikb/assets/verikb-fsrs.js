// verikb-fsrs.js — (issue 16: being written)
